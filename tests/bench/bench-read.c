/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How long a card read takes and what it costs, through the virtual chip:
 * the check-in read set (DG13 + EF.SOD + DG14 + DG15) and the set with the
 * face image (DG2), opened with PACE and with BAC, at 0, 10 and 30 ms per
 * command (a contactless reader's round trip is a few ms to tens of ms),
 * each file read by SELECT + READ BINARY and by READ BINARY with the short
 * EF identifier, beside the fewest commands possible; then the
 * verification (passive authentication against the test PKI, and the clone
 * check) on its own. Prints figures; asserts nothing about time.
 *
 *   bench-read PROFILES_DIR TEST_PKI_DIR */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "td-chip-document.h"
#include "td-chip-reader.h"
#include "td-chip-verify.h"
#include "td-vchip-transport.h"
#include "td-vchip.h"

#define TD_SM_SHORT_LE 223

typedef struct {
	guint apdus;
	guint fewest;
	guint64 bytes;
	gsize file_bytes;
	gdouble read_ms;
	gdouble verify_ms;
	guint verify_apdus;
	const gchar *method;
	const gchar *verdict;
} TdBenchFigures;

static const gchar *profiles_dir;
static const gchar *pki_dir;

static TdVchip *
make_chip(gboolean pace)
{
	g_autofree gchar *path = g_build_filename(profiles_dir, "example.ini", NULL);
	g_autofree gchar *ds_key = g_build_filename(pki_dir, "ds-p256.key", NULL);
	g_autofree gchar *ds_cert = g_build_filename(pki_dir, "ds-p256.pem", NULL);
	g_autoptr(GKeyFile) kf = g_key_file_new();
	g_autoptr(GError) error = NULL;
	TdVchip *chip;

	if (!g_key_file_load_from_file(kf, path, G_KEY_FILE_NONE, &error))
		g_error("%s", error->message);
	g_key_file_set_boolean(kf, "security", "pace", pace);
	g_key_file_set_string(kf, "security", "ds-key", ds_key);
	g_key_file_set_string(kf, "security", "ds-certificate", ds_cert);
	chip = td_vchip_new_from_keyfile(kf, profiles_dir, &error);
	if (chip == NULL)
		g_error("%s", error->message);
	return chip;
}

static void
read_once(TdVchip *chip, TdTrustStore *trust, guint latency_ms, TdChipReadFlags flags, gboolean sfi, TdBenchFigures *fig)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdTransport) transport = NULL;
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(TdAccessKeyList) keys = NULL;
	g_autoptr(TdChipDocument) doc = NULL;
	g_autoptr(TdChipVerification) verification = NULL;
	TdTransportStats before, after;
	GPtrArray *steps;
	gint64 start;

	/* ID, birth and expiry: PACE with the CAN where the chip offers it,
	 * else BAC — what the kiosk has after a QR scan. */
	keys = td_access_key_list_new_from_id("001058012345", "580315", "991231", NULL, &error);
	td_vchip_set_latency_ms(chip, latency_ms);
	transport = td_vchip_transport_new(chip);
	reader = td_chip_reader_new(transport);
	td_chip_reader_set_sfi_allowed(reader, sfi);

	start = g_get_monotonic_time();
	if (!td_chip_reader_open(reader, keys, NULL, &error) ||
	    (doc = td_chip_document_read(reader, flags, NULL, NULL, NULL, &error)) == NULL)
		g_error("read failed: %s", error->message);
	fig->read_ms = (g_get_monotonic_time() - start) / 1000.0;

	td_transport_get_stats(transport, &before);
	verification = td_chip_verify(reader, doc, trust, NULL, NULL, &error);
	if (verification == NULL)
		g_error("verification failed: %s", error->message);
	td_transport_get_stats(transport, &after);
	fig->verify_ms = verification->elapsed_us / 1000.0;
	fig->verify_apdus = after.apdu_count - before.apdu_count;
	fig->verdict = td_chip_verdict_to_string(verification->verdict);
	fig->method = td_chip_reader_get_access_method(reader);

	fig->apdus = fig->fewest = 0;
	fig->bytes = fig->file_bytes = 0;
	steps = td_chip_reader_get_steps(reader);
	for (guint i = 0; i < steps->len; i++) {
		TdChipReadStep *step = g_ptr_array_index(steps, i);
		fig->apdus += step->apdu_count;
		fig->bytes += step->bytes_received + step->bytes_sent;
		fig->file_bytes += step->file_size;
		/* Access control is what it is; a file could take no fewer
		 * than ceil(size / Le) READ BINARY, the first naming the file
		 * by its short identifier (Le 256 in the clear, 223 under
		 * secure messaging). */
		if (step->file_size == 0)
			fig->fewest += step->apdu_count;
		else if (g_str_equal(step->name, "EF.CardAccess"))
			fig->fewest += (guint)((step->file_size + 255) / 256);
		else
			fig->fewest += (guint)((step->file_size + TD_SM_SHORT_LE - 1) / TD_SM_SHORT_LE);
	}
}

int
main(int argc, char **argv)
{
	const guint latencies[] = {0, 10, 30};
	const struct {
		const gchar *name;
		TdChipReadFlags flags;
	} sets[] = {
		{"check-in (DG13 SOD DG14 DG15)", TD_CHIP_READ_CHECKIN},
		{"with face image (+DG2)", TD_CHIP_READ_DG2},
	};
	g_autofree gchar *trust_dir = NULL;
	g_autoptr(TdTrustStore) trust = NULL;
	g_autoptr(GError) error = NULL;
	struct rusage usage;

	if (argc != 3) {
		g_printerr("usage: %s PROFILES_DIR TEST_PKI_DIR\n", argv[0]);
		return 2;
	}
	profiles_dir = argv[1];
	pki_dir = argv[2];
	trust_dir = g_build_filename(pki_dir, "trust-store", NULL);
	trust = td_trust_store_new_from_directory(trust_dir, &error);
	if (trust == NULL)
		g_error("%s", error->message);

	printf("Card read through the virtual chip (secure messaging, short APDUs, Le 223), best of 3\n");
	printf("APDUs by SELECT + READ BINARY, by short EF identifier (SFI), and the fewest possible\n");
	printf("%-30s %-5s %7s %6s %6s %6s %7s %8s %8s | %-10s %6s %9s\n", "read set", "open", "latency", "SELECT", "SFI",
	       "fewest", "bytes", "ms SEL", "ms SFI", "verdict", "APDUs", "verify ms");
	for (guint s = 0; s < G_N_ELEMENTS(sets); s++) {
		for (guint pace = 2; pace-- > 0;) {
			g_autoptr(TdVchip) chip = make_chip(pace);
			for (guint l = 0; l < G_N_ELEMENTS(latencies); l++) {
				TdBenchFigures best[2];
				for (guint sfi = 0; sfi < 2; sfi++) {
					TdBenchFigures fig = {0};
					best[sfi] = (TdBenchFigures){.read_ms = G_MAXDOUBLE, .verify_ms = G_MAXDOUBLE};
					for (guint run = 0; run < 3; run++) {
						read_once(chip, trust, latencies[l], sets[s].flags, sfi, &fig);
						if (fig.read_ms < best[sfi].read_ms)
							best[sfi] = fig;
						best[sfi].verify_ms = MIN(best[sfi].verify_ms, fig.verify_ms);
					}
				}
				printf("%-30s %-5s %4u ms %6u %6u %6u %7" G_GUINT64_FORMAT " %8.1f %8.1f | %-10s %6u %9.1f\n",
				       sets[s].name, best[1].method, latencies[l], best[0].apdus, best[1].apdus, best[1].fewest,
				       best[1].bytes, best[0].read_ms, best[1].read_ms, best[1].verdict, best[1].verify_apdus,
				       best[1].verify_ms);
			}
		}
	}
	getrusage(RUSAGE_SELF, &usage);
	printf("peak memory (max RSS): %ld KiB\n", usage.ru_maxrss);
	return 0;
}
