/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "td-lds-files.h"
#include "td-reader-error.h"
#include "td-vchip-active-auth.h"
#include "td-vchip-profile-keys.h"

/* from-structure: a profile that copies how a field chip behaved, from the
 * dump `tiepdon read --structure` wrote. */

/* The digest of the SOD seen in the dump, as an OpenSSL name. */
static const gchar *
structure_hash_algorithm(const TdCardStructure *structure)
{
	static const struct {
		const gchar *oid;
		const gchar *name;
	} digests[] = {
		{"2.16.840.1.101.3.4.2.1", "SHA256"}, {"2.16.840.1.101.3.4.2.2", "SHA384"},
		{"2.16.840.1.101.3.4.2.3", "SHA512"}, {"2.16.840.1.101.3.4.2.4", "SHA224"},
		{"1.3.14.3.2.26", "SHA1"},
	};
	const TdStructureFile *sod = td_card_structure_get_file(structure, TD_FILE_SOD);
	const gchar *oid;

	if (sod == NULL || sod->tree == NULL)
		return NULL;
	oid = td_structure_node_find_oid(sod->tree, "2.16.840.1.101.3.4.2");
	if (oid == NULL)
		oid = td_structure_node_find_oid(sod->tree, "1.3.14.3.2.26");
	for (guint i = 0; oid != NULL && i < G_N_ELEMENTS(digests); i++) {
		if (g_str_equal(oid, digests[i].oid))
			return digests[i].name;
	}
	return NULL;
}

static gboolean
structure_file_read(const TdCardStructure *structure, guint16 fid, gboolean *present)
{
	const TdStructureFile *file = td_card_structure_get_file(structure, fid);
	if (file == NULL)
		return FALSE;
	*present = file->tree != NULL;
	return TRUE;
}

/* Whether any command of file fid (0: any file) got a status word with
 * (sw & mask) == value. */
static gboolean
structure_saw(const TdCardStructure *st, guint16 fid, guint16 mask, guint16 value)
{
	for (guint i = 0; i < st->files->len; i++) {
		const TdStructureFile *file = g_ptr_array_index(st->files, i);
		if (fid != 0 && file->fid != fid)
			continue;
		for (guint j = 0; j < file->status_words->len; j++) {
			if ((g_array_index(file->status_words, guint32, j) & mask) == value)
				return TRUE;
		}
	}
	return FALSE;
}

/* from-structure: the dump says how the field's chip behaved; what the
 * profile sets itself wins. */
gboolean
td_vchip_profile_load_structure(TdVchipProfile *p, GKeyFile *kf, const gchar *base_dir, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *value = td_vchip_key_text(kf, td_vchip_variant_group(kf, "from-structure"), "from-structure", FALSE, &error_local);
	g_autofree gchar *path = NULL;
	TdCardStructure *st;
	const gchar *hash;
	gboolean present;

	if (error_local != NULL) {
		g_propagate_error(error, g_steal_pointer(&error_local));
		return FALSE;
	}
	if (value == NULL)
		return TRUE;
	path = td_vchip_resolve_path(base_dir, value);
	p->structure = td_card_structure_new_from_file(path, &error_local);
	if (p->structure == NULL) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "profile: [variant] from-structure: %s",
			    error_local->message);
		return FALSE;
	}
	st = p->structure;
	if (!g_key_file_has_key(kf, GROUP_SECURITY, "pace", NULL) &&
	    structure_file_read(st, TD_FILE_CARD_ACCESS, &present))
		p->pace = present;
	if (!g_key_file_has_key(kf, GROUP_SECURITY, "active-auth", NULL) && structure_file_read(st, TD_FILE_DG15, &present))
		p->active_auth = present;
	if (!g_key_file_has_key(kf, GROUP_SECURITY, "chip-auth", NULL) && structure_file_read(st, TD_FILE_DG14, &present)) {
		const TdStructureFile *dg14 = td_card_structure_get_file(st, TD_FILE_DG14);
		/* id-PK-ECDH / id-PK-DH: a chip-authentication public key */
		p->chip_auth = present && td_structure_node_find_oid(dg14->tree, "0.4.0.127.0.7.2.2.1") != NULL;
	}
	/* The active-authentication algorithm DG14 names, as the field card's */
	if (!td_vchip_has_variant_key(kf, "aa-signature-oid") && p->active_auth && p->aa_key_type != TD_VCHIP_AA_KEY_RSA_2048 &&
	    structure_file_read(st, TD_FILE_DG14, &present) && present) {
		const TdStructureNode *dg14 = td_card_structure_get_file(st, TD_FILE_DG14)->tree;
		const gchar *const *names = td_vchip_aa_signature_names();
		for (guint i = 0; names[i] != NULL; i++) {
			const gchar *oid = td_vchip_aa_signature_lookup(names[i])->oid;
			const gchar *found = td_structure_node_find_oid(dg14, oid);
			if (found != NULL && g_str_equal(found, oid)) {
				g_free(p->aa_signature);
				p->aa_signature = g_strdup(names[i]);
				break;
			}
		}
	}
	hash = structure_hash_algorithm(st);
	if (!g_key_file_has_key(kf, GROUP_SECURITY, "hash-algorithm", NULL) && hash != NULL) {
		g_free(p->hash_algorithm);
		p->hash_algorithm = g_strdup(hash);
	}
	/* Our reader asks at most 223 under secure messaging: a lower limit
	 * learnt there is the chip's. */
	if (!td_vchip_has_variant_key(kf, "max-le-sm") && st->max_le < 223)
		p->max_le_sm = MIN(p->max_le, st->max_le);
	/* Refused in the clear too (EF.CardAccess is read before any key). */
	if (!td_vchip_has_variant_key(kf, "max-le") && st->max_le < p->max_le &&
	    (structure_saw(st, TD_FILE_CARD_ACCESS, 0xFFFF, 0x6700) || structure_saw(st, TD_FILE_CARD_ACCESS, 0xFF00, 0x6C00)))
		p->max_le = p->max_le_sm = st->max_le;
	if (!td_vchip_has_variant_key(kf, "too-large-le-sw") && structure_saw(st, 0, 0xFF00, 0x6C00))
		p->too_large_le_sw = TD_VCHIP_TOO_LARGE_LE_6CXX;
	if (!td_vchip_has_variant_key(kf, "eof-warning") && structure_saw(st, 0, 0xFFFF, 0x6282))
		p->eof_warning = TRUE;
	if (!td_vchip_has_variant_key(kf, "sfi-read") && st->sfi_refused) {
		p->sfi_refusal_sw = st->sfi_refusal_sw;
		if (p->sfi_refusal_sw == 0x6A82 || p->sfi_refusal_sw == 0)
			p->sfi_refusal_sw = 0x6A86;
	}
	if (!td_vchip_has_variant_key(kf, "sm-wrong-length") && td_card_structure_saw_bare(st, 0, TRUE))
		p->sm_wrong_length = TD_VCHIP_ANSWER_BARE;
	if (!td_vchip_has_variant_key(kf, "sm-file-not-found") && td_card_structure_saw_bare(st, 0x6A82, FALSE))
		p->sm_file_not_found = TD_VCHIP_ANSWER_BARE;
	return TRUE;
}
