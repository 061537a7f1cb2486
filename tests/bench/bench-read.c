/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How long a card read takes and what it costs, through the virtual chip:
 * the check-in read set (DG13 + EF.SOD + DG14 + DG15) and the set with the
 * face image (DG2), at 0 and 10 ms per command (a contactless reader's
 * round trip is a few ms to tens of ms). Prints figures; asserts nothing
 * about time. */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "td-chip-document.h"
#include "td-chip-reader.h"
#include "td-vchip-transport.h"
#include "td-vchip.h"

#define TD_SM_SHORT_LE 223

typedef struct {
	guint apdus;
	guint fewest;
	guint64 bytes;
	gsize file_bytes;
	gdouble ms;
} TdBenchFigures;

static void
read_once(const gchar *profile, guint latency_ms, TdChipReadFlags flags, TdBenchFigures *fig)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(TdVchip) chip = td_vchip_new_from_profile(profile, &error);
	g_autoptr(TdTransport) transport = NULL;
	g_autoptr(TdChipReader) reader = NULL;
	g_autoptr(TdAccessKeyList) keys = NULL;
	g_autoptr(TdChipDocument) doc = NULL;
	g_autoptr(GBytes) dg1 = NULL;
	g_autoptr(TdDg1) mrz = NULL;
	GPtrArray *steps;
	gint64 start;

	if (chip == NULL)
		g_error("%s", error->message);
	dg1 = td_vchip_get_file(chip, 0x0101);
	mrz = td_dg1_parse(dg1, &error);
	keys = td_access_key_list_new_from_mrz(mrz->mrz->raw, &error);
	td_vchip_set_latency_ms(chip, latency_ms);
	transport = td_vchip_transport_new(chip);
	reader = td_chip_reader_new(transport);

	start = g_get_monotonic_time();
	if (!td_chip_reader_open(reader, keys, NULL, &error) ||
	    (doc = td_chip_document_read(reader, flags, NULL, NULL, NULL, &error)) == NULL)
		g_error("read failed: %s", error->message);
	fig->ms = (g_get_monotonic_time() - start) / 1000.0;

	memset(fig, 0, G_STRUCT_OFFSET(TdBenchFigures, ms));
	steps = td_chip_reader_get_steps(reader);
	for (guint i = 0; i < steps->len; i++) {
		TdChipReadStep *step = g_ptr_array_index(steps, i);
		fig->apdus += step->apdu_count;
		fig->bytes += step->bytes_received + step->bytes_sent;
		fig->file_bytes += step->file_size;
		if (g_str_equal(step->name, "BAC"))
			fig->fewest += 2; /* GET CHALLENGE + EXTERNAL AUTHENTICATE */
		else if (step->file_size > 0)
			fig->fewest += 1 + (guint)((step->file_size + TD_SM_SHORT_LE - 1) / TD_SM_SHORT_LE);
	}
}

int
main(int argc, char **argv)
{
	const gchar *profiles_dir = g_getenv("TD_PROFILES_DIR");
	g_autofree gchar *profile = g_build_filename(profiles_dir != NULL ? profiles_dir : ".", "example.ini", NULL);
	const guint latencies[] = {0, 10};
	const struct {
		const gchar *name;
		TdChipReadFlags flags;
	} sets[] = {
		{"check-in set (DG13 SOD DG14 DG15)", TD_CHIP_READ_CHECKIN},
		{"with face image (+DG2)", TD_CHIP_READ_DG2},
	};
	struct rusage usage;

	printf("Card read through the virtual chip (BAC, secure messaging, short APDUs, Le 223)\n");
	printf("%-36s %8s %8s %8s %10s %10s\n", "read set", "latency", "APDUs", "fewest", "bytes", "ms");
	for (guint s = 0; s < G_N_ELEMENTS(sets); s++) {
		for (guint l = 0; l < G_N_ELEMENTS(latencies); l++) {
			TdBenchFigures fig = {0};
			/* Best of three, so a busy machine does not inflate it. */
			gdouble best = G_MAXDOUBLE;
			for (guint run = 0; run < 3; run++) {
				read_once(profile, latencies[l], sets[s].flags, &fig);
				best = MIN(best, fig.ms);
			}
			printf("%-36s %6u ms %8u %8u %10" G_GUINT64_FORMAT " %10.1f   (files %" G_GSIZE_FORMAT
			       " bytes)\n",
			       sets[s].name, latencies[l], fig.apdus, fig.fewest, fig.bytes, best, fig.file_bytes);
		}
	}
	getrusage(RUSAGE_SELF, &usage);
	printf("peak memory (max RSS): %ld KiB\n", usage.ru_maxrss);
	return 0;
}
