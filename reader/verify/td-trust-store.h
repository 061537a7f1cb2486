/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

/* The CSCAs (trust anchors), CSCA link certificates and CRLs that passive
 * authentication chains a Document Signer to. It ships with NO anchor: the
 * deployment drops the Vietnamese CSCA (and any successor) into a directory,
 * and td_trust_store_reload() picks up changes without a restart.
 * Thread-safe: verifications take a snapshot, a reload swaps it. */
typedef struct _TdTrustStore TdTrustStore;

/* Fetches the CRL at a CSCA's CRL distribution point (http URL) and returns
 * its bytes (PEM or DER), or NULL with error set. Supplied by the kiosk so
 * that reader/ never links an HTTP library. Called from the verifying
 * thread, without any lock held. */
typedef GBytes *(*TdCrlFetchFunc)(const gchar *url, gpointer user_data, GError **error);

/* An empty store: no anchor, so every card is UNTRUSTED until loaded. */
TdTrustStore *td_trust_store_new(void);
/* Loads every PEM or DER certificate and CRL file in dir (not recursive).
 * A file that is unreadable or neither certificate nor CRL is skipped with a
 * g_warning naming it; only an unreadable directory is an error. */
TdTrustStore *td_trust_store_new_from_directory(const gchar *dir, GError **error);
TdTrustStore *td_trust_store_ref(TdTrustStore *store);
void td_trust_store_unref(TdTrustStore *store);

/* Re-reads the directory given at creation; on error the old contents stay. */
gboolean td_trust_store_reload(TdTrustStore *store, GError **error);
/* Self-signed CSCA certificates loaded (link certificates are not anchors). */
guint td_trust_store_get_n_anchors(TdTrustStore *store);
guint td_trust_store_get_n_crls(TdTrustStore *store);
/* Files skipped at the last (re)load, as "FILE: why" strings. */
GPtrArray *td_trust_store_get_skipped_files(TdTrustStore *store);

/* NULL (the default) = never fetch; then a CSCA without a CRL in the
 * directory is used without a revocation check (the result says so). A
 * failed fetch is retried at most every 5 minutes. Set it before
 * verifications start: one running meanwhile may still call the old one. */
void td_trust_store_set_crl_fetch_func(TdTrustStore *store, TdCrlFetchFunc func, gpointer user_data, GDestroyNotify destroy);

/* For td-passive-auth.c: an X509_STORE holding the anchors and CRLs (with a
 * reference for the caller), the link certificates as extra untrusted chain
 * elements, and whether a current CRL from the issuer of `cert` is present
 * (fetching one first if allowed). */
gboolean td_trust_store_prepare_verification(TdTrustStore *store,
					     X509 *cert,
					     time_t now,
					     X509_STORE **out_x509_store,
					     STACK_OF(X509) **out_link_certs,
					     gboolean *out_has_crl,
					     GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdTrustStore, td_trust_store_unref)

G_END_DECLS
