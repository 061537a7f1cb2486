/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-chip-document.h"
#include "td-lds-files.h"
#include "td-reader-error.h"

void
td_chip_document_free(TdChipDocument *doc)
{
	if (doc == NULL)
		return;
	g_clear_pointer(&doc->dg13, td_dg13_free);
	g_clear_pointer(&doc->sod, td_sod_free);
	g_clear_pointer(&doc->dg14, td_security_infos_free);
	g_clear_pointer(&doc->dg15, td_dg15_free);
	g_clear_pointer(&doc->dg1, td_dg1_free);
	g_clear_pointer(&doc->dg2, td_dg2_free);
	g_clear_pointer(&doc->com, td_com_free);
	g_free(doc);
}

/* Reads a file; *absent is set (and no error) when the card lacks it or
 * refuses it, which for optional files is an answer, not a failure. */
static GBytes *
read_optional(TdChipReader *reader, guint16 fid, gboolean *absent, GCancellable *cancellable, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	GBytes *file = td_chip_reader_read_file(reader, fid, cancellable, &error_local);

	*absent = FALSE;
	if (file != NULL)
		return file;
	if (g_error_matches(error_local, TD_READER_ERROR, TD_READER_ERROR_FILE_NOT_FOUND) ||
	    g_error_matches(error_local, TD_READER_ERROR, TD_READER_ERROR_ACCESS_DENIED)) {
		*absent = TRUE;
		return NULL;
	}
	g_propagate_error(error, g_steal_pointer(&error_local));
	return NULL;
}

/* Parse errors name the file, so staff know which part of a card is bad. */
static gboolean
prefix_error(GError **error, guint16 fid)
{
	g_prefix_error(error, "%s: ", td_file_name(fid));
	return FALSE;
}

TdChipDocument *
td_chip_document_read(TdChipReader *reader, TdChipReadFlags flags, TdChipDocumentDg13Func dg13_func, gpointer user_data,
		      GCancellable *cancellable, GError **error)
{
	g_autoptr(TdChipDocument) doc = g_new0(TdChipDocument, 1);
	g_autoptr(GBytes) file = NULL;
	gboolean absent = FALSE;

	file = td_chip_reader_read_file(reader, TD_FILE_DG13, cancellable, error);
	if (file == NULL)
		return NULL;
	doc->dg13 = td_dg13_parse(file, error);
	if (doc->dg13 == NULL)
		return prefix_error(error, TD_FILE_DG13), NULL;
	g_clear_pointer(&file, g_bytes_unref);
	if (dg13_func != NULL)
		dg13_func(doc->dg13, user_data);

	if (flags & TD_CHIP_READ_COM) {
		file = read_optional(reader, TD_FILE_COM, &absent, cancellable, error);
		if (file == NULL && !absent)
			return NULL;
		if (file != NULL && (doc->com = td_com_parse(file, error)) == NULL)
			return prefix_error(error, TD_FILE_COM), NULL;
		g_clear_pointer(&file, g_bytes_unref);
	}

	file = td_chip_reader_read_file(reader, TD_FILE_SOD, cancellable, error);
	if (file == NULL)
		return NULL;
	doc->sod = td_sod_parse(file, error);
	if (doc->sod == NULL)
		return prefix_error(error, TD_FILE_SOD), NULL;
	g_clear_pointer(&file, g_bytes_unref);

	file = read_optional(reader, TD_FILE_DG14, &absent, cancellable, error);
	if (file == NULL && !absent)
		return NULL;
	if (file != NULL && (doc->dg14 = td_dg14_parse(file, error)) == NULL)
		return prefix_error(error, TD_FILE_DG14), NULL;
	g_clear_pointer(&file, g_bytes_unref);

	file = read_optional(reader, TD_FILE_DG15, &absent, cancellable, error);
	if (file == NULL && !absent)
		return NULL;
	if (file != NULL && (doc->dg15 = td_dg15_parse(file, error)) == NULL)
		return prefix_error(error, TD_FILE_DG15), NULL;
	g_clear_pointer(&file, g_bytes_unref);

	if (flags & TD_CHIP_READ_DG1) {
		file = read_optional(reader, TD_FILE_DG1, &absent, cancellable, error);
		if (file == NULL && !absent)
			return NULL;
		if (file != NULL && (doc->dg1 = td_dg1_parse(file, error)) == NULL)
			return prefix_error(error, TD_FILE_DG1), NULL;
		g_clear_pointer(&file, g_bytes_unref);
	}

	if (flags & TD_CHIP_READ_DG2) {
		file = read_optional(reader, TD_FILE_DG2, &absent, cancellable, error);
		if (file == NULL && !absent)
			return NULL;
		if (file != NULL && (doc->dg2 = td_dg2_parse(file, error)) == NULL)
			return prefix_error(error, TD_FILE_DG2), NULL;
	}
	return g_steal_pointer(&doc);
}
