/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <unistd.h>

#include "td-gateway-sim-cert.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(BIGNUM, BN_free)

static gboolean
cert_add_ext(X509 *cert, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	gboolean ok;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, cert, cert, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (ext == NULL)
		return FALSE;
	ok = X509_add_ext(cert, ext, -1) == 1;
	X509_EXTENSION_free(ext);
	return ok;
}

static gboolean
cert_write_pem(const gchar *path, mode_t mode, X509 *cert, EVP_PKEY *key, GError **error)
{
	FILE *f;
	int fd;
	gboolean ok;

	g_unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno), "cannot write %s: %s",
			    path, g_strerror(errno));
		if (fd >= 0)
			close(fd);
		return FALSE;
	}
	ok = cert != NULL ? PEM_write_X509(f, cert) == 1
			  : PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) == 1;
	if (fclose(f) != 0)
		ok = FALSE;
	if (!ok)
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", path);
	return ok;
}

gboolean
td_gateway_sim_generate_cert(const gchar *dir, const gchar *who, GError **error)
{
	g_autofree gchar *common_name = g_strconcat("tiepdon ", who, NULL);
	g_autoptr(EVP_PKEY) key = EVP_EC_gen("P-256");
	g_autoptr(X509) cert = X509_new();
	g_autoptr(BIGNUM) serial = BN_new();
	g_autofree gchar *cert_path = g_build_filename(dir, "cert.pem", NULL);
	g_autofree gchar *key_path = g_build_filename(dir, "key.pem", NULL);
	X509_NAME *name;

	if (g_mkdir_with_parents(dir, 0700) != 0) {
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno), "cannot create %s: %s",
			    dir, g_strerror(errno));
		return FALSE;
	}
	if (key == NULL || cert == NULL || serial == NULL ||
	    BN_rand(serial, 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
	    BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(cert)) == NULL ||
	    X509_set_version(cert, 2) != 1 ||
	    X509_gmtime_adj(X509_getm_notBefore(cert), -3600) == NULL ||
	    X509_gmtime_adj(X509_getm_notAfter(cert), 365L * 24 * 3600) == NULL ||
	    X509_set_pubkey(cert, key) != 1)
		goto fail;
	name = X509_get_subject_name(cert);
	if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
				       (const unsigned char *)"tiepdon", -1, -1, 0) != 1 ||
	    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
				       (const unsigned char *)common_name, -1,
				       -1, 0) != 1 ||
	    X509_set_issuer_name(cert, name) != 1)
		goto fail;
	if (!cert_add_ext(cert, NID_basic_constraints, "critical,CA:TRUE") ||
	    !cert_add_ext(cert, NID_key_usage, "critical,digitalSignature,keyCertSign") ||
	    !cert_add_ext(cert, NID_ext_key_usage, "serverAuth") ||
	    !cert_add_ext(cert, NID_subject_key_identifier, "hash") ||
	    !cert_add_ext(cert, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost"))
		goto fail;
	if (X509_sign(cert, key, EVP_sha256()) == 0)
		goto fail;
	if (!cert_write_pem(key_path, 0600, NULL, key, error))
		return FALSE;
	return cert_write_pem(cert_path, 0644, cert, NULL, error);
fail:
	g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED,
			    "OpenSSL could not make a certificate");
	return FALSE;
}
