/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "td-trust-store"

#include "config.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "td-reader-error.h"
#include "td-trust-store.h"

/* A failed CRL fetch is not retried for every card: a kiosk with no network
 * would otherwise wait on each one. */
#define TD_CRL_FETCH_RETRY_USEC (5 * 60 * G_USEC_PER_SEC)

/* One loaded directory; replaced whole by a reload, so a verification that
 * holds a reference to the old X509_STORE is never disturbed. */
typedef struct {
	X509_STORE *x509_store;	   /* anchors + CRLs */
	STACK_OF(X509) *anchors;   /* self-signed CSCAs */
	STACK_OF(X509) *links;	   /* CA certificates that are not self-signed */
	STACK_OF(X509_CRL) *crls;
	GPtrArray *skipped;	   /* "FILE: why" */
	GHashTable *crl_signer;	   /* X509_CRL* -> X509* CA whose key verified it */
} TdTrustContents;

struct _TdTrustStore {
	gatomicrefcount ref_count;
	GMutex lock;
	gchar *dir;
	TdTrustContents *contents;
	TdCrlFetchFunc fetch_func;
	gpointer fetch_user_data;
	GDestroyNotify fetch_destroy;
	GHashTable *fetch_failures; /* URL -> gint64* monotonic time */
};

static void
td_trust_contents_free(TdTrustContents *contents)
{
	if (contents == NULL)
		return;
	X509_STORE_free(contents->x509_store);
	sk_X509_pop_free(contents->anchors, X509_free);
	sk_X509_pop_free(contents->links, X509_free);
	sk_X509_CRL_pop_free(contents->crls, X509_CRL_free);
	g_ptr_array_unref(contents->skipped);
	g_hash_table_unref(contents->crl_signer);
	g_free(contents);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdTrustContents, td_trust_contents_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(X509_CRL, X509_CRL_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BIO, BIO_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(EVP_PKEY, EVP_PKEY_free)

static TdTrustContents *
td_trust_contents_new(void)
{
	TdTrustContents *contents = g_new0(TdTrustContents, 1);
	contents->x509_store = X509_STORE_new();
	contents->anchors = sk_X509_new_null();
	contents->links = sk_X509_new_null();
	contents->crls = sk_X509_CRL_new_null();
	contents->skipped = g_ptr_array_new_with_free_func(g_free);
	contents->crl_signer = g_hash_table_new(g_direct_hash, g_direct_equal);
	if (contents->x509_store == NULL || contents->anchors == NULL || contents->links == NULL ||
	    contents->crls == NULL)
		g_error("out of memory creating a trust store");
	return contents;
}

static void
td_trust_contents_skip(TdTrustContents *contents, const gchar *path, const gchar *why)
{
	g_warning("trust store: %s: %s, skipped", path, why);
	g_ptr_array_add(contents->skipped, g_strdup_printf("%s: %s", path, why));
	ERR_clear_error();
}

/* Takes ownership of cert. Returns FALSE with *why set if it is unusable. */
static gboolean
td_trust_contents_add_cert(TdTrustContents *contents, X509 *cert, const gchar **why)
{
	g_autoptr(X509) owned = cert;

	/* Only CA certificates belong here: a Document Signer dropped into the
	 * directory by mistake must not become an anchor. */
	if (X509_check_ca(cert) == 0) {
		*why = "not a CA certificate";
		return FALSE;
	}
	if (X509_self_signed(cert, 1) == 1) {
		if (!X509_STORE_add_cert(contents->x509_store, cert)) {
			*why = "OpenSSL refused the certificate";
			return FALSE;
		}
		sk_X509_push(contents->anchors, g_steal_pointer(&owned));
		return TRUE;
	}
	/* A CSCA link certificate (new CSCA key signed by the old CSCA) or any
	 * other CA certificate: usable as a chain element, never an anchor. */
	sk_X509_push(contents->links, g_steal_pointer(&owned));
	return TRUE;
}

static gboolean
td_trust_contents_add_crl(TdTrustContents *contents, X509_CRL *crl, const gchar **why)
{
	g_autoptr(X509_CRL) owned = crl;
	if (!X509_STORE_add_crl(contents->x509_store, crl)) {
		*why = "OpenSSL refused the CRL";
		return FALSE;
	}
	sk_X509_CRL_push(contents->crls, g_steal_pointer(&owned));
	return TRUE;
}

/* PEM: every CERTIFICATE and X509 CRL block in the file (a bundle is fine);
 * other blocks (keys...) are ignored. Returns how many objects were added. */
static guint
td_trust_contents_load_pem(TdTrustContents *contents, const gchar *path, const guint8 *data, gsize len, guint *n_skipped)
{
	g_autoptr(BIO) bio = BIO_new_mem_buf(data, (int)len);
	guint added = 0;

	for (;;) {
		char *name = NULL;
		char *header = NULL;
		unsigned char *der = NULL;
		long der_len = 0;
		const unsigned char *p;
		const gchar *why = NULL;

		if (PEM_read_bio(bio, &name, &header, &der, &der_len) != 1)
			break;
		p = der;
		if (g_strcmp0(name, PEM_STRING_X509) == 0 || g_strcmp0(name, PEM_STRING_X509_OLD) == 0) {
			X509 *cert = d2i_X509(NULL, &p, der_len);
			if (cert == NULL)
				why = "a CERTIFICATE block that does not parse";
			else if (td_trust_contents_add_cert(contents, cert, &why))
				added++;
		} else if (g_strcmp0(name, PEM_STRING_X509_CRL) == 0) {
			X509_CRL *crl = d2i_X509_CRL(NULL, &p, der_len);
			if (crl == NULL)
				why = "an X509 CRL block that does not parse";
			else if (td_trust_contents_add_crl(contents, crl, &why))
				added++;
		}
		if (why != NULL) {
			td_trust_contents_skip(contents, path, why);
			(*n_skipped)++;
		}
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(der);
	}
	ERR_clear_error(); /* PEM_read_bio ends on "no start line" */
	return added;
}

static void
td_trust_contents_load_file(TdTrustContents *contents, const gchar *path)
{
	g_autofree gchar *data = NULL;
	g_autoptr(GError) error_local = NULL;
	const gchar *why = "neither a certificate nor a CRL (PEM or DER)";
	gsize len = 0;

	if (!g_file_get_contents(path, &data, &len, &error_local)) {
		td_trust_contents_skip(contents, path, error_local->message);
		return;
	}
	if (len > G_MAXINT) {
		td_trust_contents_skip(contents, path, "too large");
		return;
	}
	if (g_strstr_len(data, (gssize)len, "-----BEGIN ") != NULL) {
		guint n_skipped = 0;
		if (td_trust_contents_load_pem(contents, path, (const guint8 *)data, len, &n_skipped) == 0 && n_skipped == 0)
			td_trust_contents_skip(contents, path, "no usable certificate or CRL in the PEM file");
		return;
	}

	/* DER: the whole file must be exactly one certificate or one CRL. */
	{
		const unsigned char *p = (const unsigned char *)data;
		X509 *cert = d2i_X509(NULL, &p, (long)len);
		if (cert != NULL && p == (const unsigned char *)data + len) {
			if (!td_trust_contents_add_cert(contents, cert, &why))
				td_trust_contents_skip(contents, path, why);
			return;
		}
		X509_free(cert);
	}
	{
		const unsigned char *p = (const unsigned char *)data;
		X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)len);
		if (crl != NULL && p == (const unsigned char *)data + len) {
			if (!td_trust_contents_add_crl(contents, crl, &why))
				td_trust_contents_skip(contents, path, why);
			return;
		}
		X509_CRL_free(crl);
	}
	td_trust_contents_skip(contents, path, why);
}

static gint
td_compare_names(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(*(const gchar *const *)a, *(const gchar *const *)b);
}

static TdTrustContents *
td_trust_contents_load_directory(const gchar *dir, GError **error)
{
	g_autoptr(TdTrustContents) contents = NULL;
	g_autoptr(GDir) gdir = NULL;
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const gchar *name;

	gdir = g_dir_open(dir, 0, error);
	if (gdir == NULL)
		return NULL;
	while ((name = g_dir_read_name(gdir)) != NULL) {
		/* dot files: editors' backups, a deployment's staging files */
		if (name[0] != '.')
			g_ptr_array_add(names, g_strdup(name));
	}
	/* Sorted, so the skipped-files list and log read the same every time. */
	g_ptr_array_sort(names, td_compare_names);

	contents = td_trust_contents_new();
	for (guint i = 0; i < names->len; i++) {
		g_autofree gchar *path = g_build_filename(dir, g_ptr_array_index(names, i), NULL);
		if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
			continue;
		td_trust_contents_load_file(contents, path);
	}
	return g_steal_pointer(&contents);
}

TdTrustStore *
td_trust_store_new(void)
{
	TdTrustStore *store = g_new0(TdTrustStore, 1);
	g_atomic_ref_count_init(&store->ref_count);
	g_mutex_init(&store->lock);
	store->contents = td_trust_contents_new();
	store->fetch_failures = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return store;
}

TdTrustStore *
td_trust_store_new_from_directory(const gchar *dir, GError **error)
{
	g_autoptr(TdTrustStore) store = NULL;
	TdTrustContents *contents;

	g_return_val_if_fail(dir != NULL, NULL);

	contents = td_trust_contents_load_directory(dir, error);
	if (contents == NULL)
		return NULL;
	store = td_trust_store_new();
	td_trust_contents_free(store->contents);
	store->contents = contents;
	store->dir = g_strdup(dir);
	return g_steal_pointer(&store);
}

TdTrustStore *
td_trust_store_ref(TdTrustStore *store)
{
	g_return_val_if_fail(store != NULL, NULL);
	g_atomic_ref_count_inc(&store->ref_count);
	return store;
}

void
td_trust_store_unref(TdTrustStore *store)
{
	if (store == NULL || !g_atomic_ref_count_dec(&store->ref_count))
		return;
	if (store->fetch_destroy != NULL)
		store->fetch_destroy(store->fetch_user_data);
	td_trust_contents_free(store->contents);
	g_hash_table_unref(store->fetch_failures);
	g_mutex_clear(&store->lock);
	g_free(store->dir);
	g_free(store);
}

gboolean
td_trust_store_reload(TdTrustStore *store, GError **error)
{
	TdTrustContents *contents;
	TdTrustContents *old;

	g_return_val_if_fail(store != NULL, FALSE);
	if (store->dir == NULL) {
		g_set_error_literal(error,
				    TD_READER_ERROR,
				    TD_READER_ERROR_INVALID_INPUT,
				    "this trust store was not loaded from a directory");
		return FALSE;
	}
	contents = td_trust_contents_load_directory(store->dir, error);
	if (contents == NULL)
		return FALSE;
	g_mutex_lock(&store->lock);
	old = store->contents;
	store->contents = contents;
	/* A new directory may hold a CRL now, or a new CSCA with a new URL. */
	g_hash_table_remove_all(store->fetch_failures);
	g_mutex_unlock(&store->lock);
	td_trust_contents_free(old);
	return TRUE;
}

guint
td_trust_store_get_n_anchors(TdTrustStore *store)
{
	guint n;
	g_return_val_if_fail(store != NULL, 0);
	g_mutex_lock(&store->lock);
	n = (guint)sk_X509_num(store->contents->anchors);
	g_mutex_unlock(&store->lock);
	return n;
}

guint
td_trust_store_get_n_crls(TdTrustStore *store)
{
	guint n;
	g_return_val_if_fail(store != NULL, 0);
	g_mutex_lock(&store->lock);
	n = (guint)sk_X509_CRL_num(store->contents->crls);
	g_mutex_unlock(&store->lock);
	return n;
}

GPtrArray *
td_trust_store_get_skipped_files(TdTrustStore *store)
{
	GPtrArray *copy = g_ptr_array_new_with_free_func(g_free);
	g_return_val_if_fail(store != NULL, copy);
	g_mutex_lock(&store->lock);
	for (guint i = 0; i < store->contents->skipped->len; i++)
		g_ptr_array_add(copy, g_strdup(g_ptr_array_index(store->contents->skipped, i)));
	g_mutex_unlock(&store->lock);
	return copy;
}

void
td_trust_store_set_crl_fetch_func(TdTrustStore *store, TdCrlFetchFunc func, gpointer user_data, GDestroyNotify destroy)
{
	GDestroyNotify old_destroy;
	gpointer old_user_data;

	g_return_if_fail(store != NULL);
	g_mutex_lock(&store->lock);
	old_destroy = store->fetch_destroy;
	old_user_data = store->fetch_user_data;
	store->fetch_func = func;
	store->fetch_user_data = user_data;
	store->fetch_destroy = destroy;
	g_hash_table_remove_all(store->fetch_failures);
	g_mutex_unlock(&store->lock);
	/* outside the lock: the destroy function may call back into us */
	if (old_destroy != NULL)
		old_destroy(old_user_data);
}

/* Whether crl comes from the CA (in the store) that issued cert: its name
 * is not enough, since a successor CSCA may keep the old one's name; the
 * CRL must verify with the key of a CA that check_issued() accepts (name
 * and authorityKeyIdentifier). Called with the lock held. */
static gboolean
td_trust_contents_crl_is_from_issuer_of(TdTrustContents *contents, X509_CRL *crl, X509 *cert)
{
	STACK_OF(X509) *stacks[] = {contents->anchors, contents->links};

	X509 *known_signer;

	if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(cert)) != 0)
		return FALSE;
	/* A CRL signature check costs as much as the whole SOD check; the
	 * CRL and CA objects live as long as the contents, so remember. */
	known_signer = g_hash_table_lookup(contents->crl_signer, crl);
	if (known_signer != NULL)
		return X509_check_issued(known_signer, cert) == X509_V_OK;
	for (guint s = 0; s < G_N_ELEMENTS(stacks); s++) {
		for (int i = 0; i < sk_X509_num(stacks[s]); i++) {
			X509 *ca = sk_X509_value(stacks[s], i);
			EVP_PKEY *pkey = X509_get0_pubkey(ca);
			if (X509_check_issued(ca, cert) == X509_V_OK && pkey != NULL && X509_CRL_verify(crl, pkey) == 1) {
				g_hash_table_insert(contents->crl_signer, crl, ca);
				return TRUE;
			}
		}
	}
	ERR_clear_error();
	return FALSE;
}

/* Called with the lock held. */
static gboolean
td_trust_contents_has_crl(TdTrustContents *contents, X509 *cert, time_t now, gboolean *out_current)
{
	gboolean found = FALSE;
	*out_current = FALSE;
	for (int i = 0; i < sk_X509_CRL_num(contents->crls); i++) {
		X509_CRL *crl = sk_X509_CRL_value(contents->crls, i);
		const ASN1_TIME *next_update = X509_CRL_get0_nextUpdate(crl);
		if (!td_trust_contents_crl_is_from_issuer_of(contents, crl, cert))
			continue;
		found = TRUE;
		if (next_update == NULL || X509_cmp_time(next_update, &now) > 0)
			*out_current = TRUE;
	}
	return found;
}

/* Called with the lock held: the http(s) CRL distribution points of every
 * CA certificate named `issuer`, with the certificate that signs the CRL. */
static void
td_trust_contents_collect_crl_urls(TdTrustContents *contents, X509 *cert, GPtrArray *urls, GPtrArray *signers)
{
	const X509_NAME *issuer = X509_get_issuer_name(cert);
	const ASN1_OCTET_STRING *cert_akid = X509_get0_authority_key_id(cert);

	STACK_OF(X509) *stacks[] = {contents->anchors, contents->links};
	for (guint s = 0; s < G_N_ELEMENTS(stacks); s++) {
		for (int i = 0; i < sk_X509_num(stacks[s]); i++) {
			X509 *ca = sk_X509_value(stacks[s], i);
			STACK_OF(DIST_POINT) *dps;
			const ASN1_OCTET_STRING *ca_skid = X509_get0_subject_key_id(ca);
			if (X509_NAME_cmp(X509_get_subject_name(ca), issuer) != 0 ||
			    (cert_akid != NULL && ca_skid != NULL && ASN1_OCTET_STRING_cmp(cert_akid, ca_skid) != 0))
				continue;
			dps = X509_get_ext_d2i(ca, NID_crl_distribution_points, NULL, NULL);
			for (int d = 0; d < sk_DIST_POINT_num(dps); d++) {
				DIST_POINT *dp = sk_DIST_POINT_value(dps, d);
				if (dp->distpoint == NULL || dp->distpoint->type != 0)
					continue;
				for (int g = 0; g < sk_GENERAL_NAME_num(dp->distpoint->name.fullname); g++) {
					GENERAL_NAME *gn = sk_GENERAL_NAME_value(dp->distpoint->name.fullname, g);
					const char *uri;
					if (gn->type != GEN_URI)
						continue;
					uri = (const char *)ASN1_STRING_get0_data(gn->d.uniformResourceIdentifier);
					if (g_str_has_prefix(uri, "http://") || g_str_has_prefix(uri, "https://")) {
						X509_up_ref(ca);
						g_ptr_array_add(urls, g_strndup(uri, (gsize)ASN1_STRING_length(gn->d.uniformResourceIdentifier)));
						g_ptr_array_add(signers, ca);
					}
				}
			}
			sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
		}
	}
	ERR_clear_error();
}

static X509_CRL *
td_trust_store_parse_fetched_crl(GBytes *bytes, X509 *signer, time_t now, GError **error)
{
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(bytes, &len);
	g_autoptr(X509_CRL) crl = NULL;
	g_autoptr(EVP_PKEY) pkey = NULL;
	const ASN1_TIME *next_update;

	if (len == 0 || len > G_MAXINT) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "empty or oversized CRL");
		return NULL;
	}
	if (g_strstr_len((const gchar *)data, (gssize)len, "-----BEGIN ") != NULL) {
		g_autoptr(BIO) bio = BIO_new_mem_buf(data, (int)len);
		crl = PEM_read_bio_X509_CRL(bio, NULL, NULL, NULL);
	} else {
		const unsigned char *p = data;
		crl = d2i_X509_CRL(NULL, &p, (long)len);
	}
	ERR_clear_error();
	if (crl == NULL) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "fetched CRL does not parse");
		return NULL;
	}
	/* Checked here, not only at chain time, so no junk is cached. */
	pkey = X509_get_pubkey(signer);
	if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(signer)) != 0 || pkey == NULL ||
	    X509_CRL_verify(crl, pkey) != 1) {
		ERR_clear_error();
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "fetched CRL is not signed by the CSCA");
		return NULL;
	}
	next_update = X509_CRL_get0_nextUpdate(crl);
	if (next_update != NULL && X509_cmp_time(next_update, &now) <= 0) {
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_MALFORMED, "fetched CRL is out of date");
		return NULL;
	}
	return g_steal_pointer(&crl);
}

/* Asks the fetch function for a CRL of the issuer of `cert`; adds it to the current
 * contents if the store was not reloaded meanwhile. Lock NOT held. */
static void
td_trust_store_fetch_crls(TdTrustStore *store, X509 *cert, time_t now)
{
	g_autoptr(GPtrArray) urls = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) signers = g_ptr_array_new_with_free_func((GDestroyNotify)X509_free);
	TdCrlFetchFunc func;
	gpointer user_data;
	TdTrustContents *contents;
	gint64 mono_now = g_get_monotonic_time();

	g_mutex_lock(&store->lock);
	func = store->fetch_func;
	user_data = store->fetch_user_data;
	contents = store->contents;
	if (func != NULL)
		td_trust_contents_collect_crl_urls(contents, cert, urls, signers);
	for (guint i = 0; i < urls->len;) {
		gint64 *failed_at = g_hash_table_lookup(store->fetch_failures, g_ptr_array_index(urls, i));
		if (failed_at != NULL && mono_now - *failed_at < TD_CRL_FETCH_RETRY_USEC) {
			g_ptr_array_remove_index(urls, i);
			g_ptr_array_remove_index(signers, i);
		} else {
			i++;
		}
	}
	g_mutex_unlock(&store->lock);

	for (guint i = 0; i < urls->len; i++) {
		const gchar *url = g_ptr_array_index(urls, i);
		g_autoptr(GError) error_local = NULL;
		g_autoptr(GBytes) bytes = func(url, user_data, &error_local);
		g_autoptr(X509_CRL) crl = NULL;

		if (bytes != NULL)
			crl = td_trust_store_parse_fetched_crl(bytes, g_ptr_array_index(signers, i), now, &error_local);
		g_mutex_lock(&store->lock);
		if (crl == NULL) {
			gint64 *failed_at = g_new(gint64, 1);
			*failed_at = mono_now;
			g_hash_table_replace(store->fetch_failures, g_strdup(url), failed_at);
			g_message("trust store: CRL from %s not usable: %s",
				  url,
				  error_local != NULL ? error_local->message : "no data");
		} else if (store->contents == contents) {
			const gchar *why = NULL;
			if (!td_trust_contents_add_crl(contents, g_steal_pointer(&crl), &why))
				g_message("trust store: CRL from %s: %s", url, why);
		}
		g_mutex_unlock(&store->lock);
	}
}

gboolean
td_trust_store_prepare_verification(TdTrustStore *store,
				    X509 *cert,
				    time_t now,
				    X509_STORE **out_x509_store,
				    STACK_OF(X509) **out_link_certs,
				    gboolean *out_has_crl,
				    GError **error)
{
	gboolean current = FALSE;
	gboolean has_crl;

	g_return_val_if_fail(store != NULL, FALSE);
	g_return_val_if_fail(cert != NULL, FALSE);

	g_mutex_lock(&store->lock);
	has_crl = td_trust_contents_has_crl(store->contents, cert, now, &current);
	g_mutex_unlock(&store->lock);
	if (!current) {
		td_trust_store_fetch_crls(store, cert, now);
		g_mutex_lock(&store->lock);
		has_crl = td_trust_contents_has_crl(store->contents, cert, now, &current);
		g_mutex_unlock(&store->lock);
	}

	g_mutex_lock(&store->lock);
	if (!X509_STORE_up_ref(store->contents->x509_store)) {
		g_mutex_unlock(&store->lock);
		g_set_error_literal(error, TD_READER_ERROR, TD_READER_ERROR_CRYPTO, "cannot reference the X509 store");
		return FALSE;
	}
	*out_x509_store = store->contents->x509_store;
	*out_link_certs = X509_chain_up_ref(store->contents->links);
	g_mutex_unlock(&store->lock);
	*out_has_crl = has_crl;
	return TRUE;
}
