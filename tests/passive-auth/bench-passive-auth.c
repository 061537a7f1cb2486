/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Prints milliseconds per passive authentication (SOD parse, signature,
 * chain with CRL, four data-group hashes) for EC P-256, brainpoolP256r1 and
 * RSA-3072 PSS Document Signers. argv[1] = test PKI dir. Never asserts on
 * time. */
#include "config.h"

#include <openssl/pem.h>

#include "td-passive-auth.h"
#include "td-sod-builder.h"

#define ITERATIONS 200

static void
bench_one(const gchar *pki_dir, TdTrustStore *store, const gchar *ds, TdSodSignatureScheme scheme)
{
	g_autofree gchar *key_path = g_strdup_printf("%s/%s.key", pki_dir, ds);
	g_autofree gchar *cert_path = g_strdup_printf("%s/%s.pem", pki_dir, ds);
	FILE *kf = fopen(key_path, "r");
	FILE *cf = fopen(cert_path, "r");
	EVP_PKEY *key = kf != NULL ? PEM_read_PrivateKey(kf, NULL, NULL, NULL) : NULL;
	X509 *cert = cf != NULL ? PEM_read_X509(cf, NULL, NULL, NULL) : NULL;
	g_autoptr(GHashTable) read = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, (GDestroyNotify)g_bytes_unref);
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	g_autoptr(GBytes) sod = NULL;
	g_autoptr(GError) error = NULL;
	TdSodDataGroup dgs[4];
	guint numbers[] = {1, 2, 13, 14};
	gsize sizes[] = {93, 15000, 600, 300}; /* DG2 is large: a face image */
	gint64 start;

	if (kf != NULL)
		fclose(kf);
	if (cf != NULL)
		fclose(cf);
	if (key == NULL || cert == NULL)
		g_error("cannot load %s", ds);
	for (guint i = 0; i < 4; i++) {
		guint8 *data = g_malloc(sizes[i]);
		for (gsize j = 0; j < sizes[i]; j++)
			data[j] = (guint8)(j * 31 + i);
		dgs[i].dg_number = numbers[i];
		dgs[i].contents = g_bytes_new_take(data, sizes[i]);
		g_hash_table_insert(read, GUINT_TO_POINTER(numbers[i]), g_bytes_ref(dgs[i].contents));
	}
	sod = td_sod_build("SHA256", NULL, dgs, 4, key, cert, scheme, &error);
	if (sod == NULL)
		g_error("%s", error->message);

	start = g_get_monotonic_time();
	for (guint i = 0; i < ITERATIONS; i++) {
		g_autoptr(TdPassiveAuthResult) result = td_passive_auth_verify(sod, read, store, now, &error);
		if (result == NULL || result->status != TD_PASSIVE_AUTH_VALID)
			g_error("%s did not verify", ds);
	}
	g_print("passive-auth %-14s %-8s %.3f ms/verification\n",
		ds,
		scheme == TD_SOD_SIGNATURE_RSA_PSS ? "RSA-PSS" : "default",
		(double)(g_get_monotonic_time() - start) / 1000.0 / ITERATIONS);
	for (guint i = 0; i < 4; i++)
		g_bytes_unref(dgs[i].contents);
	EVP_PKEY_free(key);
	X509_free(cert);
}

int
main(int argc, char **argv)
{
	g_autofree gchar *store_dir = NULL;
	g_autoptr(GError) error = NULL;
	TdTrustStore *store;

	if (argc < 2)
		g_error("usage: %s PKI-DIR", argv[0]);
	store_dir = g_build_filename(argv[1], "trust-store", NULL);
	store = td_trust_store_new_from_directory(store_dir, &error);
	if (store == NULL)
		g_error("%s", error->message);
	bench_one(argv[1], store, "ds-p256", TD_SOD_SIGNATURE_DEFAULT);
	bench_one(argv[1], store, "ds-brainpool", TD_SOD_SIGNATURE_DEFAULT);
	bench_one(argv[1], store, "ds-rsa", TD_SOD_SIGNATURE_RSA_PSS);
	td_trust_store_unref(store);
	return 0;
}
