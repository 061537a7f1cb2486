/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiepdon read: one card, from a PC/SC reader, printed for staff or as JSON
 * for scripts and tests. */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "td-access-key.h"
#include "td-card-structure.h"
#include "td-chip-document.h"
#include "td-chip-reader.h"
#include "td-chip-verify.h"
#include "td-cli.h"
#include "td-config.h"
#include "td-pcsc-transport.h"
#include "td-reader-error.h"
#include "td-secret-file.h"
#include "td-secret.h"

typedef struct {
	gchar *reader_name;
	gchar *id;
	gchar *dob;
	gchar *expiry;
	gchar *qr;
	gchar *mrz;
	gchar *photo;
	gchar *trust_dir;
	gchar *config_path;
	gchar *structure;
	gboolean json;
	gboolean trace;
} TdReadOptions;

static void
read_options_clear(TdReadOptions *opts)
{
	g_free(opts->reader_name);
	td_str_clear_free(opts->id);
	td_str_clear_free(opts->dob);
	td_str_clear_free(opts->expiry);
	td_str_clear_free(opts->qr);
	td_str_clear_free(opts->mrz);
	g_free(opts->photo);
	g_free(opts->trust_dir);
	g_free(opts->config_path);
	g_free(opts->structure);
}

/* The settings read needs ([reader] trust-dir, command-timeout and
 * card-timeout): --config, else the system's file when this user may read
 * it (staff read cards without being in the kiosk's group), else none: a
 * staff laptop with a reader and no kiosk set-up uses the defaults.
 * FALSE only when a file was there and could not be used. */
static gboolean
read_settings_load(const TdReadOptions *opts, TdConfig **config_out, GError **error)
{
	*config_out = NULL;
	if (opts->config_path == NULL && g_access(TD_SYSCONFDIR "/tiepdon.conf", R_OK) != 0)
		return TRUE;
	*config_out = td_config_load(opts->config_path, error);
	return *config_out != NULL;
}

/* How long the card may take, from the settings or their defaults. */
static TdTransportDeadline
card_deadline_from_config(const TdConfig *config)
{
	guint command_s = config != NULL ? config->command_timeout_s : TD_CONFIG_DEFAULT_COMMAND_TIMEOUT_S;
	guint card_s = config != NULL ? config->card_timeout_s : TD_CONFIG_DEFAULT_CARD_TIMEOUT_S;

	return td_transport_deadline_from_now(command_s * 1000, card_s * 1000);
}

static void
trace_to_stderr(const gchar *line, gpointer user_data)
{
	fprintf(stderr, "%s\n", line);
}

/* ISO: yyyy-mm-dd, or yyyy-mm / yyyy for what the card does not know. */
static void
add_date_or_null(JsonBuilder *builder, const gchar *name, const TdDate *date)
{
	g_autoptr(TdWipedString) iso = date != NULL ? td_date_format_iso(date) : NULL;
	td_json_add_string(builder, name, iso);
}

static void
add_warnings(JsonBuilder *b, const TdDg13 *dg13)
{
	json_builder_set_member_name(b, "warnings");
	json_builder_begin_array(b);
	for (guint i = 0; i < dg13->warnings->len; i++)
		json_builder_add_string_value(b, g_ptr_array_index(dg13->warnings, i));
	json_builder_end_array(b);
}

static void
add_personal(JsonBuilder *b, const TdDg13 *dg13)
{
	json_builder_set_member_name(b, "personal");
	json_builder_begin_object(b);
	td_json_add_string(b, "id_number", dg13->id_number);
	td_json_add_string(b, "full_name", dg13->full_name);
	add_date_or_null(b, "date_of_birth", dg13->date_of_birth);
	td_json_add_string(b, "sex", dg13->sex);
	td_json_add_string(b, "nationality", dg13->nationality);
	td_json_add_string(b, "ethnicity", dg13->ethnicity);
	td_json_add_string(b, "religion", dg13->religion);
	td_json_add_string(b, "place_of_origin", dg13->place_of_origin);
	td_json_add_string(b, "place_of_residence", dg13->place_of_residence);
	td_json_add_string(b, "identification_features", dg13->identification_features);
	add_date_or_null(b, "issue_date", dg13->issue_date);
	add_date_or_null(b, "expiry_date", dg13->expiry_date);
	td_json_add_string(b, "father_name", dg13->father_name);
	td_json_add_string(b, "mother_name", dg13->mother_name);
	td_json_add_string(b, "spouse_name", dg13->spouse_name);
	td_json_add_string(b, "old_id_number", dg13->old_id_number);
	json_builder_end_object(b);
}

static void
totals(TdChipReader *reader, guint *apdus, guint64 *bytes, gint64 *elapsed_us)
{
	GPtrArray *steps = td_chip_reader_get_steps(reader);
	*apdus = 0;
	*bytes = 0;
	*elapsed_us = 0;
	for (guint i = 0; i < steps->len; i++) {
		TdChipReadStep *step = g_ptr_array_index(steps, i);
		*apdus += step->apdu_count;
		*bytes += step->bytes_received;
		*elapsed_us += step->elapsed_us;
	}
}

static void
add_verification(JsonBuilder *b, const TdChipVerification *v)
{
	json_builder_set_member_name(b, "verification");
	json_builder_begin_object(b);
	td_json_add_string(b, "passive", td_passive_auth_status_to_string(v->passive));
	td_json_add_string(b, "chip", td_clone_check_to_string(v->chip));
	td_json_add_string(b, "verdict", td_chip_verdict_to_string(v->verdict));
	json_builder_set_member_name(b, "reasons");
	json_builder_begin_array(b);
	for (guint i = 0; i < v->reasons->len; i++)
		json_builder_add_string_value(b, g_ptr_array_index(v->reasons, i));
	json_builder_end_array(b);
	td_json_add_string(b, "signer", v->passive_result->signer_subject);
	td_json_add_string(b, "hash_algorithm", v->passive_result->hash_algorithm);
	td_json_add_string(b, "signature_algorithm", v->passive_result->signature_algorithm);
	json_builder_set_member_name(b, "elapsed_ms");
	json_builder_add_double_value(b, v->elapsed_us / 1000.0);
	json_builder_end_object(b);
}

static gchar *
render_json(TdChipReader *reader, const TdChipDocument *doc, const TdChipVerification *v, gint64 wall_us)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	GPtrArray *steps = td_chip_reader_get_steps(reader);
	guint apdus;
	guint64 bytes;
	gint64 transport_us;

	totals(reader, &apdus, &bytes, &transport_us);
	json_builder_begin_object(b);
	td_json_add_string(b, "access_method", td_chip_reader_get_access_method(reader));
	json_builder_set_member_name(b, "access_key");
	json_builder_add_string_value(b, td_access_key_kind_to_string(td_chip_reader_get_access_key(reader)->kind));
	json_builder_set_member_name(b, "keys_tried");
	json_builder_add_int_value(b, td_chip_reader_get_keys_tried(reader));
	add_personal(b, doc->dg13);
	add_warnings(b, doc->dg13);
	add_verification(b, v);
	td_json_add_string(b, "mrz", doc->dg1 != NULL ? doc->dg1->mrz->raw : NULL);
	json_builder_set_member_name(b, "face_image");
	if (doc->dg2 != NULL && doc->dg2->faces->len > 0) {
		TdFaceImage *face = g_ptr_array_index(doc->dg2->faces, 0);
		json_builder_begin_object(b);
		td_json_add_string(b, "mime_type", face->mime_type);
		json_builder_set_member_name(b, "width");
		json_builder_add_int_value(b, face->width);
		json_builder_set_member_name(b, "height");
		json_builder_add_int_value(b, face->height);
		json_builder_set_member_name(b, "size");
		json_builder_add_int_value(b, (gint64)g_bytes_get_size(face->image));
		json_builder_end_object(b);
	} else {
		json_builder_add_null_value(b);
	}
	json_builder_set_member_name(b, "apdu_count");
	json_builder_add_int_value(b, apdus);
	json_builder_set_member_name(b, "bytes_read");
	json_builder_add_int_value(b, (gint64)bytes);
	json_builder_set_member_name(b, "elapsed_ms");
	json_builder_add_int_value(b, wall_us / 1000);
	json_builder_set_member_name(b, "max_le");
	json_builder_add_int_value(b, td_chip_reader_get_max_le(reader));
	json_builder_set_member_name(b, "steps");
	json_builder_begin_array(b);
	for (guint i = 0; i < steps->len; i++) {
		TdChipReadStep *step = g_ptr_array_index(steps, i);
		json_builder_begin_object(b);
		td_json_add_string(b, "name", step->name);
		json_builder_set_member_name(b, "apdu_count");
		json_builder_add_int_value(b, step->apdu_count);
		json_builder_set_member_name(b, "bytes_sent");
		json_builder_add_int_value(b, (gint64)step->bytes_sent);
		json_builder_set_member_name(b, "bytes_received");
		json_builder_add_int_value(b, (gint64)step->bytes_received);
		json_builder_set_member_name(b, "file_size");
		json_builder_add_int_value(b, (gint64)step->file_size);
		json_builder_set_member_name(b, "elapsed_ms");
		json_builder_add_double_value(b, step->elapsed_us / 1000.0);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	return td_json_to_text(b, TRUE);
}

/* Pads by characters, not bytes: the labels are Vietnamese. */
static void
print_field(GString *out, const gchar *label, const gchar *value)
{
	glong width = g_utf8_strlen(label, -1);
	g_string_append_printf(out, "  %s", label);
	for (glong i = width; i < 30; i++)
		g_string_append_c(out, ' ');
	g_string_append_printf(out, " %s\n", value != NULL ? value : "—");
}

/* dd/mm/yyyy, mm/yyyy or yyyy, as staff read dates. */
static void
print_date(GString *out, const gchar *label, const TdDate *date)
{
	g_autoptr(TdWipedString) text = date != NULL ? td_date_format_display(date) : NULL;
	print_field(out, label, text);
}

static gchar *
render_text(TdChipReader *reader, const TdChipDocument *doc, const TdChipVerification *v, gint64 wall_us)
{
	GString *out = g_string_new(NULL);
	const TdDg13 *p = doc->dg13;
	GPtrArray *steps = td_chip_reader_get_steps(reader);
	guint apdus;
	guint64 bytes;
	gint64 transport_us;

	g_string_append_printf(out, "Card opened with %s (%s, key %u tried)\n\n", td_chip_reader_get_access_method(reader),
			       td_access_key_kind_to_string(td_chip_reader_get_access_key(reader)->kind),
			       td_chip_reader_get_keys_tried(reader));
	g_string_append(out, "Personal data (DG13)\n");
	print_field(out, "Số CCCD / ID number", p->id_number);
	print_field(out, "Họ và tên / Full name", p->full_name);
	print_date(out, "Ngày sinh / Date of birth", p->date_of_birth);
	print_field(out, "Giới tính / Sex", p->sex);
	print_field(out, "Quốc tịch / Nationality", p->nationality);
	print_field(out, "Dân tộc / Ethnicity", p->ethnicity);
	print_field(out, "Tôn giáo / Religion", p->religion);
	print_field(out, "Quê quán / Place of origin", p->place_of_origin);
	print_field(out, "Nơi thường trú / Residence", p->place_of_residence);
	print_field(out, "Đặc điểm nhận dạng", p->identification_features);
	print_date(out, "Ngày cấp / Issued", p->issue_date);
	if (p->no_expiry)
		print_field(out, "Có giá trị đến / Expires", "không thời hạn (no expiry)");
	else
		print_date(out, "Có giá trị đến / Expires", p->expiry_date);
	print_field(out, "Cha / Father", p->father_name);
	print_field(out, "Mẹ / Mother", p->mother_name);
	print_field(out, "Vợ/chồng / Spouse", p->spouse_name);
	print_field(out, "Số CMND cũ / Old ID", p->old_id_number);
	if (p->warnings->len > 0) {
		g_string_append(out, "\nWarnings (card data that could not be read; the rest is above)\n");
		for (guint i = 0; i < p->warnings->len; i++)
			g_string_append_printf(out, "  - %s\n", (const gchar *)g_ptr_array_index(p->warnings, i));
	}
	if (doc->dg1 != NULL) {
		g_string_append(out, "\nMRZ (DG1)\n");
		for (guint i = 0; i < 3; i++)
			g_string_append_printf(out, "  %.30s\n", doc->dg1->mrz->raw + 30 * i);
	}
	g_string_append_printf(out, "\nVerification: %s (passive authentication %s, clone check %s, %.1f ms)\n",
			       td_chip_verdict_to_string(v->verdict), td_passive_auth_status_to_string(v->passive),
			       td_clone_check_to_string(v->chip), v->elapsed_us / 1000.0);
	for (guint i = 0; i < v->reasons->len; i++)
		g_string_append_printf(out, "  - %s\n", (const gchar *)g_ptr_array_index(v->reasons, i));
	g_string_append(out, "\nSteps\n");
	for (guint i = 0; i < steps->len; i++) {
		TdChipReadStep *step = g_ptr_array_index(steps, i);
		g_string_append_printf(out, "  %-14s %3u commands %7" G_GUINT64_FORMAT " bytes in %8.1f ms", step->name,
				       step->apdu_count, step->bytes_received, step->elapsed_us / 1000.0);
		if (step->file_size > 0)
			g_string_append_printf(out, "  (file %" G_GSIZE_FORMAT " bytes)", step->file_size);
		g_string_append_c(out, '\n');
	}
	totals(reader, &apdus, &bytes, &transport_us);
	g_string_append_printf(out, "  %-14s %3u commands %7" G_GUINT64_FORMAT " bytes in %8.1f ms (wall %.1f ms)\n", "total",
			       apdus, bytes, transport_us / 1000.0, wall_us / 1000.0);
	return g_string_free(out, FALSE);
}

/* Through a temporary file renamed into place: a device node, FIFO or
 * link at path is refused, not written through or replaced. */
static gboolean
save_photo(const TdChipDocument *doc, const gchar *path, GError **error)
{
	TdFaceImage *face;

	if (doc->dg2 == NULL || doc->dg2->faces->len == 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_FILE_NOT_FOUND, "the card has no face image");
		return FALSE;
	}
	face = g_ptr_array_index(doc->dg2->faces, 0);
	return td_file_replace(path, g_bytes_get_data(face->image, NULL), g_bytes_get_size(face->image), 0600, error);
}

/* The CSCA folder: --trust, else the settings' [reader] trust-dir (the one
 * setting every command uses), else the deployment's folder when it
 * exists. No trust store at all is allowed (the verdict then says
 * "untrusted"); a folder named but unreadable is an error. */
static TdTrustStore *
load_trust_store(const TdReadOptions *opts, const TdConfig *config, GError **error)
{
	const gchar *dir = opts->trust_dir;

	if (dir == NULL && config != NULL)
		dir = config->trust_dir;
	else if (dir == NULL && g_file_test(TD_CONFIG_DEFAULT_TRUST_DIR, G_FILE_TEST_IS_DIR))
		dir = TD_CONFIG_DEFAULT_TRUST_DIR;
	if (dir == NULL)
		return NULL;
	return td_trust_store_new_from_directory(dir, error);
}

/* --structure: the card's shape for a card we cannot read, written even
 * when access control or a file fails (that is the point). */
static gboolean
save_structure(TdChipReader *reader, const GError *open_error, const gchar *path, GError **error)
{
	g_autoptr(TdCardStructure) structure = td_card_structure_capture(reader, open_error, NULL, error);
	g_autofree gchar *json = NULL;
	guint read = 0;

	if (structure == NULL)
		return FALSE;
	json = td_card_structure_to_json(structure);
	if (!td_file_replace(path, json, strlen(json), 0644, error))
		return FALSE;
	for (guint i = 0; i < structure->files->len; i++)
		read += ((TdStructureFile *)g_ptr_array_index(structure->files, i))->tree != NULL;
	printf("Saved the card's structure (no personal data) to %s: %u of %u files read, access %s%s%s.\n", path, read,
	       structure->files->len, structure->access_method != NULL ? structure->access_method : "refused",
	       open_error != NULL ? ": " : "", open_error != NULL ? open_error->message : "");
	return TRUE;
}

int
td_cli_read(int argc, char **argv)
{
	TdReadOptions opts = {0};
	GOptionEntry entries[] = {
		{"config", 'c', 0, G_OPTION_ARG_FILENAME, &opts.config_path,
		 "Settings file, for [reader] trust-dir and the card's time limits (default: the system one, if readable)", "FILE"},
		{"reader", 'r', 0, G_OPTION_ARG_STRING, &opts.reader_name, "PC/SC reader to use (default: the first with a card)", "NAME"},
		{"id", 0, 0, G_OPTION_ARG_STRING, &opts.id, "12-digit ID number (opens PACE cards alone)", "ID12"},
		{"dob", 0, 0, G_OPTION_ARG_STRING, &opts.dob, "Date of birth, with --id, for BAC", "YYMMDD"},
		{"expiry", 0, 0, G_OPTION_ARG_STRING, &opts.expiry, "Date of expiry, with --dob (derived if left out)", "YYMMDD"},
		{"qr", 0, 0, G_OPTION_ARG_STRING, &opts.qr, "Text of the QR code on the card's front", "TEXT"},
		{"mrz", 0, 0, G_OPTION_ARG_STRING, &opts.mrz, "The three MRZ lines on the card's back", "TEXT"},
		{"photo", 0, 0, G_OPTION_ARG_FILENAME, &opts.photo, "Also read the face image (DG2) and save it", "FILE"},
		{"trust", 0, 0, G_OPTION_ARG_FILENAME, &opts.trust_dir, "CSCA trust store folder (default: [reader] trust-dir)", "DIR"},
		{"json", 0, 0, G_OPTION_ARG_NONE, &opts.json, "Print JSON", NULL},
		{"structure", 0, 0, G_OPTION_ARG_FILENAME, &opts.structure,
		 "Save the card's structure (tags, lengths, status words; no personal data) to FILE", "FILE"},
		{"trace", 0, 0, G_OPTION_ARG_NONE, &opts.trace, "Trace APDUs on stderr (data redacted)", NULL},
		{NULL},
	};
	g_autoptr(GError) error = NULL;
	g_autoptr(TdAccessKeyList) keys = NULL;
	g_autoptr(TdTransport) transport = NULL;
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(TdChipDocument) doc = NULL;
	g_autoptr(TdChipVerification) verification = NULL;
	g_autoptr(TdTrustStore) trust = NULL;
	g_autoptr(TdConfig) config = NULL;
	TdChipReadFlags flags = TD_CHIP_READ_DG1;
	TdTransportDeadline deadline = {0};
	gint64 start;
	int status;

	if ((status = td_cli_parse("— read a chip ID card (CCCD)", entries, &argc, &argv)) != TD_EXIT_OK) {
		read_options_clear(&opts);
		return status;
	}
	status = TD_EXIT_FAILURE;
	if (!td_cli_values_from_stdin((const TdCliStdinValue[]){{"--id", &opts.id, 1},
								 {"--dob", &opts.dob, 1},
								 {"--expiry", &opts.expiry, 1},
								 {"--qr", &opts.qr, 1},
								 {"--mrz", &opts.mrz, 3}},
				      5, &error))
		goto fail;
	keys = td_cli_access_keys(opts.id, opts.dob, opts.expiry, opts.qr, opts.mrz, &error);
	if (keys == NULL)
		goto fail;
	if (opts.photo != NULL)
		flags |= TD_CHIP_READ_DG2;
	if (!read_settings_load(&opts, &config, &error))
		goto fail;
	trust = load_trust_store(&opts, config, &error);
	if (trust == NULL && error != NULL)
		goto fail;

	deadline = card_deadline_from_config(config);
	start = g_get_monotonic_time();
	/* a card that stops answering is given up at its deadline: the
	 * command exits with a clear error instead of hanging */
	transport = td_pcsc_transport_new_with_deadline(opts.reader_name, &deadline, NULL, &error);
	if (transport == NULL)
		goto fail;
	if (opts.trace)
		td_transport_set_trace(transport, trace_to_stderr, NULL, TRUE);
	reader = td_chip_reader_new(transport);
	if (opts.structure != NULL) {
		g_autoptr(GError) open_error = NULL;
		td_chip_reader_open(reader, keys, NULL, &open_error);
		if (!save_structure(reader, open_error, opts.structure, &error))
			goto fail;
		status = TD_EXIT_OK;
		goto out;
	}
	if (!td_chip_reader_open(reader, keys, NULL, &error))
		goto fail;
	doc = td_chip_document_read(reader, flags, NULL, NULL, NULL, &error);
	if (doc == NULL)
		goto fail;
	verification = td_chip_verify(reader, doc, trust, NULL, NULL, &error);
	if (verification == NULL)
		goto fail;
	if (opts.photo != NULL && !save_photo(doc, opts.photo, &error))
		goto fail;
	status = td_cli_print_personal(opts.json ? render_json(reader, doc, verification, g_get_monotonic_time() - start)
						 : render_text(reader, doc, verification, g_get_monotonic_time() - start),
				       opts.json);
	goto out;
fail:
	if (g_error_matches(error, TD_READER_ERROR, TD_READER_ERROR_TIMEOUT))
		g_prefix_error_literal(&error, "the card stopped answering and was given up: ");
	status = td_cli_fail(error);
out:
	read_options_clear(&opts);
	return status;
}
