/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PACE held to published runs, not only to the virtual chip (which makes
 * its side with the same OpenPACE): ICAO 9303-11 Appendix G.1 (ECDH
 * generic mapping), G.2 (DH generic mapping) and BSI's EAC worked example,
 * each through the very OpenPACE calls td_pace_authenticate makes, with
 * the examples' keys put in place of the random ones: the nonce, the
 * mapped generator, the shared secret, KSenc and KSmac, both tokens, and
 * the first command of the secure messaging they start, checked with
 * OpenSSL alone. test-pace.c runs the whole protocol against the chip. */
#include "config.h"

/* eac.h needs CMAC_CTX, declared by OpenSSL 3 only with deprecated APIs
 * visible; the test also pokes keys into OpenPACE's context. */
#undef OPENSSL_NO_DEPRECATED

#include <eac/eac.h>
#include <eac/pace.h>
#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <string.h>

#include "td-pace.h"
#include "td-secret.h"
#include "td-sm.h"
#include "td-test-hex.h"
#include "td-test-pace-example.h"

static void
assert_buf_mem_hex(const BUF_MEM *buf, const gchar *want)
{
	g_autoptr(GBytes) bytes = NULL;
	g_autofree gchar *hex = NULL;
	g_assert_nonnull(buf);
	bytes = g_bytes_new(buf->data, buf->length);
	hex = td_test_to_hex(bytes);
	g_assert_cmpstr(hex, ==, want);
}

static BUF_MEM *
hex_buf_mem(const gchar *hex)
{
	g_autoptr(GBytes) bytes = td_test_hex(hex);
	BUF_MEM *buf = BUF_MEM_new();
	g_assert_cmpuint(BUF_MEM_grow(buf, g_bytes_get_size(bytes)), ==, g_bytes_get_size(bytes));
	memcpy(buf->data, g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
	return buf;
}

/* An EC key on brainpoolP256r1 with generator `generator_hex` (NULL: the
 * standard one), private scalar priv_hex and public point pub_hex. */
static EVP_PKEY *
example_ec_key(const gchar *generator_hex, const gchar *priv_hex, const gchar *pub_hex)
{
	g_autoptr(GBytes) pub = td_test_hex(pub_hex);
	g_autoptr(GBytes) gen = generator_hex != NULL ? td_test_hex(generator_hex) : NULL;
	EC_GROUP *group = EC_GROUP_new_by_curve_name(NID_brainpoolP256r1);
	BIGNUM *p = BN_new(), *a = BN_new(), *b = BN_new(), *priv = NULL;
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params;
	EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *key = NULL;

	g_assert_true(BN_hex2bn(&priv, priv_hex) > 0);
	if (gen == NULL) {
		OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "brainpoolP256r1", 0);
	} else {
		/* the mapped generator makes new explicit domain parameters */
		g_assert_true(EC_GROUP_get_curve(group, p, a, b, NULL));
		OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_EC_FIELD_TYPE, SN_X9_62_prime_field, 0);
		OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_EC_P, p);
		OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_EC_A, a);
		OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_EC_B, b);
		OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_EC_GENERATOR, g_bytes_get_data(gen, NULL), g_bytes_get_size(gen));
		OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_EC_ORDER, EC_GROUP_get0_order(group));
		OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_EC_COFACTOR, EC_GROUP_get0_cofactor(group));
	}
	OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv);
	OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, g_bytes_get_data(pub, NULL), g_bytes_get_size(pub));
	params = OSSL_PARAM_BLD_to_param(bld);
	g_assert_cmpint(EVP_PKEY_fromdata_init(pctx), ==, 1);
	g_assert_cmpint(EVP_PKEY_fromdata(pctx, &key, EVP_PKEY_KEYPAIR, params), ==, 1);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(pctx);
	BN_free(p);
	BN_free(a);
	BN_free(b);
	BN_clear_free(priv);
	EC_GROUP_free(group);
	return key;
}

/* A published PACE run with AES-128: ECDH generic mapping on
 * brainpoolP256r1 (parameter 13), or DH generic mapping on RFC 5114's
 * 1024-bit group (parameter 0); every value the two sides compute. */
typedef struct {
	const gchar *name;
	const gchar *card_access; /* NULL: TD_TEST_PACE_EXAMPLE_CARD_ACCESS (ECDH) */
	gboolean dh;		  /* keys and generators as DH values */
	/* the password: the MRZ (TD_ACCESS_KEY_PACE_MRZ of example_key()) when
	 * NULL, else a CAN or PIN (K = the password itself for both) */
	const gchar *can;
	const gchar *k; /* K = SHA-1(MRZ information), MRZ only */
	const gchar *encrypted_nonce, *nonce;
	const gchar *map_sk, *map_pk, *chip_map_pk, *generator;
	const gchar *h; /* the mapping's shared point, where the example gives it */
	const gchar *eph_sk, *eph_pk, *chip_eph_pk;
	const gchar *shared_secret, *ks_enc, *ks_mac;
	const gchar *token_ifd, *token_ic;
} PaceWorkedExample;

/* DOMAIN.md §6: ICAO Doc 9303-11, Appendix G.1 (PACE, ECDH generic
 * mapping), password the MRZ of T22000129 / 640812 / 101031. */
static const PaceWorkedExample icao_g1 = {
	.name = "ICAO 9303-11 G.1",
	.k = "7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD",
	.encrypted_nonce = "95A3A016522EE98D01E76CB6B98B42C3",
	.nonce = "3F00C4D39D153F2B2A214A078D899B22",
	.map_sk = "7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99",
	.map_pk = "047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D",
	.chip_map_pk = "04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54",
	.h = "0460332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD50840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181",
	.generator = "048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E28C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522",
	.eph_sk = "A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595",
	.eph_pk = "042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462",
	.chip_eph_pk = "049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094",
	.shared_secret = "28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925",
	.ks_enc = "F5F0E35C0D7161EE6724EE513A0D9A7F",
	.ks_mac = "FE251C7858B356B24514B3BD5F4297D1",
	.token_ifd = "C2B0BD78D94BA866",
	.token_ic = "3ABB9674BCE93C08",
};

/* ICAO Doc 9303-11, Appendix G.2 (PACE, DH generic mapping,
 * id-PACE-DH-GM-AES-CBC-CMAC-128, the 1024-bit MODP group with a 160-bit
 * prime order subgroup of RFC 5114, parameter 0), the same MRZ as G.1.
 * CCCDs use ECDH (DOMAIN.md), but the reader takes a DH PACEInfo, and
 * before this no run of it had been checked. The values as the appendix
 * prints them (also in the G.2 vectors of other eMRTD readers' tests);
 * its shared value H is not held here: each public value is checked as
 * the generator to its private exponent instead (example_dh_key). */
static const PaceWorkedExample icao_g2 = {
	.name = "ICAO 9303-11 G.2",
	.card_access = "31143012060A04007F00070202040102020102020100",
	.dh = TRUE,
	.k = "7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD",
	.encrypted_nonce = "854D8DF5827FA6852D1A4FA701CDDDCA",
	.nonce = "FA5B7E3E49753A0DB9178B7B9BD898C8",
	.map_sk = "5265030F751F4AD18B08AC565FC7AC952E41618D",
	.map_pk = "23FB3749EA030D2A25B278D2A562047ADE3F01B74F17A15402CB7352CA7D2B3E"
		  "B71C343DB13D1DEBCE9A3666DBCFC920B49174A602CB47965CAA73DC702489A4"
		  "4D41DB914DE9613DC5E98C94160551C0DF86274B9359BC0490D01B03AD54022D"
		  "CB4F57FAD6322497D7A1E28D46710F461AFE710FBBBC5F8BA166F4311975EC6C",
	.chip_map_pk = "78879F57225AA8080D52ED0FC890A4B25336F699AA89A2D3A189654AF70729E6"
		       "23EA5738B26381E4DA19E004706FACE7B235C2DBF2F38748312F3C98C2DD4882"
		       "A41947B324AA1259AC22579DB93F7085655AF30889DBB845D9E6783FE42C9F24"
		       "49400306254C8AE8EE9DD812A804C0B66E8CAFC14F84D8258950A91B44126EE6",
	.generator = "7C9CBFE98F9FBDDA8D143506FA7D9306F4CB17E3C71707AFF5E1C1A123702496"
		     "84D64EE37AF44B8DBD9D45BF6023919CBAA027AB97ACC771666C8E98FF483301"
		     "BFA4872DEDE9034EDFACB70814166B7F360676829B826BEA57291B5AD69FBC84"
		     "EF1E779032A305803F74341793E869742D401325B37EE8565FFCDEE618342DC5",
	.eph_sk = "89CCD99B0E8D3B1F11E1296DCA68EC53411CF2CA",
	.eph_pk = "907D89E2D425A178AA81AF4A7774EC8E388C115CAE67031E85EECE520BD91155"
		  "1B9AE4D04369F29A02626C86FBC6747CC7BC352645B6161A2A42D44EDA80A08F"
		  "A8D61B76D3A154AD8A5A51786B0BC07147057871A922212C5F67F43173172236"
		  "B7747D1671E6D692A3C7D40A0C3C5CE397545D015C175EB5130551EDBC2EE5D4",
	.chip_eph_pk = "075693D9AE941877573E634B6E644F8E60AF17A0076B8B123D9201074D36152B"
		       "D8B3A213F53820C42ADC79AB5D0AEEC3AEFB91394DA476BD97B9B14D0A65C1FC"
		       "71A0E019CB08AF55E1F729005FBA7E3FA5DC41899238A250767A6D46DB974064"
		       "386CD456743585F8E5D90CC8B4004B1F6D866C79CE0584E49687FF61BC29AEA1",
	.shared_secret = "6BABC7B3A72BCD7EA385E4C62DB2625BD8613B24149E146A629311C4CA6698E3"
			 "8B834B6A9E9CD7184BA8834AFF5043D436950C4C1E7832367C10CB8C314D40E5"
			 "990B0DF7013E64B4549E2270923D06F08CFF6BD3E977DDE6ABE4C31D55C0FA2E"
			 "465E553E77BDF75E3193D3834FC26E8EB1EE2FA1E4FC97C18C3F6CFFFE2607FD",
	.ks_enc = "2F7F46ADCC9E7E521B45D192FAFA9126",
	.ks_mac = "805A1D27D45A5116F73C54469462B7D8",
	.token_ifd = "B46DD9BD4D98381F",
	.token_ic = "917F37B5C0E6D8D1",
};

/* BSI, "Worked Example for Extended Access Control (EAC)", version 1.01
 * (1.0 printed a wrong KSenc/KSmac, corrected there), the PACE part: ECDH
 * generic mapping, brainpoolP256r1, AES-128, password the PIN 123456. Read
 * from the tc_ecdh_* test data of OpenPACE's src/eactest.c; test-sm-aes.c
 * goes on with the secure messaging the same example shows under these
 * keys. */
static const PaceWorkedExample bsi_eac = {
	.name = "BSI EAC worked example 1.01",
	.can = "123456",
	.encrypted_nonce = "CE834CDE69FFBB1D1EB21585CD709F18",
	.nonce = "7D98C00FC6C9E9543BBF94A87073A123",
	.map_sk = "752287F5B02DE3C4BC3E17945118C51B23C97278E4CD748048AC56BA5BDC3D46",
	.map_pk = "043DD29BBE5907FD21A152ADA4895FAAE7ACC55F5E50EFBFDE5AB0C6EB54F198D615913635F0FDF5BEB383E00355F82D3C41ED0DF2E28363433DFB73856A15DC9F",
	.chip_map_pk = "049CFCF7582AC986D0DD52FA53123414C3E1B96B4D00ABA8E574679B70EFB5BC3B45D2F13729CC2AE178E7E241B443213533B77DBB44649A815DDC4A2384BA422A",
	.generator = "043929D28BA1E5339D6C5DADE5E33BD3C2F0BD14DD77C7521532261659C918FA6014DD48FA84E62BDE438EDB4C9771D042CDB24B7788BDBAB2031C45751E777F66",
	.eph_sk = "009D9A32DF93A57CCE33CA3CDD3457E33A976F293546C73550F397259C93BE0120",
	.eph_pk = "04518BC4E532AD2A9BD6527804D5D665ABD51041037A0CC8AA922804EB501C222B3427388599AFAAE9FBACE2DF93E13C3C4979CD12F0AE3E3C0126028391554582",
	.chip_eph_pk = "04282CF38073036AFAC216AF135BD994DA0C357F10BD4C34AFEA1042B2EB0FD6804DF3658B835AC2E7133F13691184542BB50B109963A4662ABDC08B9763AF4B5B",
	.shared_secret = "6E7D077CCD367C2EAA683F1E8EC534302E2D00B6ADAF8A87A6EDA78740F17606",
	.ks_enc = "68406B4162100563D9C901A6154D2901",
	.ks_mac = "73FF268784F72AF833FDC9464049AFC9",
	.token_ifd = "A27AE7B36573C1D9",
	.token_ic = "A2658C2F38600B0F",
};

/* A key in the DH group of parameter 0 (RFC 5114's 1024-bit MODP group
 * with a 160-bit subgroup), with generator generator_hex (NULL: the
 * group's), private exponent priv_hex and public value pub_hex. OpenPACE
 * keeps DH keys as legacy DH objects: the test makes them so. */
static EVP_PKEY *
example_dh_key(const gchar *generator_hex, const gchar *priv_hex, const gchar *pub_hex)
{
	BIGNUM *priv = NULL, *pub = NULL, *generator = NULL;
	EVP_PKEY *key = EVP_PKEY_new();
	DH *dh;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
	dh = DH_get_1024_160();
	g_assert_nonnull(dh);
	g_assert_true(BN_hex2bn(&priv, priv_hex) > 0);
	g_assert_true(BN_hex2bn(&pub, pub_hex) > 0);
	if (generator_hex != NULL) {
		g_assert_true(BN_hex2bn(&generator, generator_hex) > 0);
		g_assert_cmpint(DH_set0_pqg(dh, BN_dup(DH_get0_p(dh)), BN_dup(DH_get0_q(dh)), generator), ==, 1);
	}
	{
		/* the example's public value is its generator to the private
		 * exponent: a value mistyped from the appendix fails here */
		BIGNUM *expected = BN_new();
		BN_CTX *bn_ctx = BN_CTX_new();
		g_assert_cmpint(BN_mod_exp(expected, DH_get0_g(dh), priv, DH_get0_p(dh), bn_ctx), ==, 1);
		g_assert_cmpint(BN_cmp(expected, pub), ==, 0);
		BN_CTX_free(bn_ctx);
		BN_free(expected);
	}
	g_assert_cmpint(DH_set0_key(dh, pub, priv), ==, 1);
	g_assert_cmpint(EVP_PKEY_assign_DH(key, dh), ==, 1);
#pragma GCC diagnostic pop
	return key;
}

static EVP_PKEY *
example_terminal_key(const PaceWorkedExample *ex, const gchar *generator_hex, const gchar *priv_hex, const gchar *pub_hex)
{
	return ex->dh ? example_dh_key(generator_hex, priv_hex, pub_hex)
		      : example_ec_key(generator_hex, priv_hex, pub_hex);
}

/* The mapped generator in ctx as the example prints it: a point (EC), or
 * the group's new g as 128 bytes (DH). OpenPACE keeps the mapped group in
 * a legacy EC_KEY or DH, which only the deprecated API shows. */
static gchar *
mapped_generator_hex(EAC_CTX *ctx, gboolean dh)
{
	guint8 generator[128];
	gsize generator_len;
	g_autoptr(GBytes) bytes = NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
	if (dh) {
		const DH *mapped = EVP_PKEY_get0_DH(ctx->pace_ctx->ka_ctx->key);
		g_assert_nonnull(mapped);
		g_assert_cmpint(BN_bn2binpad(DH_get0_g(mapped), generator, sizeof(generator)), ==, 128);
		generator_len = 128;
	} else {
		const EC_GROUP *mapped = EC_KEY_get0_group(EVP_PKEY_get0_EC_KEY(ctx->pace_ctx->ka_ctx->key));
		g_assert_nonnull(mapped);
		generator_len = EC_POINT_point2oct(mapped, EC_GROUP_get0_generator(mapped), POINT_CONVERSION_UNCOMPRESSED,
						   generator, sizeof(generator), NULL);
		g_assert_cmpuint(generator_len, ==, 65);
	}
#pragma GCC diagnostic pop
	bytes = g_bytes_new(generator, generator_len);
	return td_test_to_hex(bytes);
}

/* The generic mapping's shared point H = the terminal's mapping key times
 * the chip's mapping point, on brainpoolP256r1, with OpenSSL alone: the
 * example's H, before the mapped generator the code's OpenPACE gives. */
static void
assert_mapping_point(const PaceWorkedExample *ex)
{
	EC_GROUP *group = EC_GROUP_new_by_curve_name(NID_brainpoolP256r1);
	EC_POINT *chip = EC_POINT_new(group);
	EC_POINT *h = EC_POINT_new(group);
	BIGNUM *sk = NULL;
	g_autoptr(GBytes) chip_bytes = td_test_hex(ex->chip_map_pk);
	g_autoptr(GBytes) h_bytes = NULL;
	g_autofree gchar *h_hex = NULL;
	guint8 out[65];

	g_assert_cmpint(BN_hex2bn(&sk, ex->map_sk), >, 0);
	g_assert_cmpint(EC_POINT_oct2point(group, chip, g_bytes_get_data(chip_bytes, NULL),
					   g_bytes_get_size(chip_bytes), NULL),
			==, 1);
	g_assert_cmpint(EC_POINT_mul(group, h, NULL, chip, sk, NULL), ==, 1);
	g_assert_cmpuint(EC_POINT_point2oct(group, h, POINT_CONVERSION_UNCOMPRESSED, out, sizeof(out), NULL), ==, 65);
	h_bytes = g_bytes_new(out, sizeof(out));
	h_hex = td_test_to_hex(h_bytes);
	g_assert_cmpstr(h_hex, ==, ex->h);
	BN_clear_free(sk);
	EC_POINT_free(h);
	EC_POINT_free(chip);
	EC_GROUP_free(group);
}

/* One AES block (ECB) or CBC run under a key from hex: for the secure
 * messaging check below, apart from td-sm.c. */
static void
aes_128(const gchar *key_hex, const guint8 *iv, const guint8 *in, gsize len, guint8 *out)
{
	g_autoptr(GBytes) key = td_test_hex(key_hex);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n = 0;

	g_assert_cmpint(EVP_EncryptInit_ex(c, iv == NULL ? EVP_aes_128_ecb() : EVP_aes_128_cbc(), NULL,
					   g_bytes_get_data(key, NULL), iv),
			==, 1);
	EVP_CIPHER_CTX_set_padding(c, 0);
	g_assert_cmpint(EVP_EncryptUpdate(c, out, &n, in, (int)len), ==, 1);
	g_assert_cmpint(n, ==, (int)len);
	EVP_CIPHER_CTX_free(c);
}

/* The secure messaging PACE starts (ICAO 9303-11 §9.8, DOMAIN.md §6): the
 * send sequence counter 16 zero bytes, then the first command, SELECT
 * EF.COM, wrapped as the standard writes it, checked with OpenSSL alone
 * under the example's KSenc and KSmac: DO'87' the file id padded and
 * encrypted (IV = E(KSenc, SSC)), DO'8E' the first 8 bytes of
 * AES-CMAC(KSmac) over the padded SSC, header and DO'87'. A swap of the
 * two keys or a counter not starting at 0 passed before: the virtual chip
 * builds its side with the same td_pace_sm_new. */
static void
assert_pace_sm_start(EAC_CTX *ctx, const TdPaceInfo *info, const PaceWorkedExample *ex)
{
	g_autoptr(GError) error = NULL;
	TdSm *sm = td_pace_sm_new(ctx, info, &error);
	g_autoptr(GBytes) fid = g_bytes_new_static("\x01\x1E", 2);
	g_autoptr(TdApdu) select = td_apdu_new(0x00, 0xA4, 0x02, 0x0C, fid, -1);
	g_autoptr(TdApdu) wrapped = NULL;
	g_autoptr(GBytes) sent = NULL;
	static const guint8 zero[16] = {0};
	guint8 ssc[16] = {0}, iv[16], block[16], expected[19], mac_input[64] = {0};
	g_autoptr(GBytes) ks_mac = td_test_hex(ex->ks_mac);
	EVP_MAC *cmac = EVP_MAC_fetch(NULL, "CMAC", NULL);
	EVP_MAC_CTX *mctx = EVP_MAC_CTX_new(cmac);
	OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, (char *)"AES-128-CBC", 0),
			       OSSL_PARAM_construct_end()};
	guint8 mac[16];
	gsize mac_len = 0;
	const guint8 *raw;
	gsize raw_len;

	g_assert_no_error(error);
	td_sm_get_ssc(sm, ssc, sizeof(ssc));
	g_assert_cmpmem(ssc, sizeof(ssc), zero, sizeof(zero));

	wrapped = td_sm_wrap_command(sm, select, &error);
	g_assert_no_error(error);
	sent = td_apdu_encode(wrapped);
	raw = g_bytes_get_data(sent, &raw_len);

	/* the counter is 1 for this command */
	ssc[15] = 1;
	aes_128(ex->ks_enc, NULL, ssc, 16, iv);
	memset(block, 0, sizeof(block));
	block[0] = 0x01, block[1] = 0x1E, block[2] = 0x80;
	expected[0] = 0x87, expected[1] = 0x11, expected[2] = 0x01;
	aes_128(ex->ks_enc, iv, block, 16, expected + 3);
	/* SSC ‖ the header padded ‖ DO'87', padded (19 bytes: into a
	 * fourth block) */
	memcpy(mac_input, ssc, 16);
	mac_input[16] = 0x0C, mac_input[17] = 0xA4, mac_input[18] = 0x02, mac_input[19] = 0x0C, mac_input[20] = 0x80;
	memcpy(mac_input + 32, expected, sizeof(expected));
	mac_input[32 + sizeof(expected)] = 0x80;
	g_assert_cmpint(EVP_MAC_init(mctx, g_bytes_get_data(ks_mac, NULL), g_bytes_get_size(ks_mac), params), ==, 1);
	g_assert_cmpint(EVP_MAC_update(mctx, mac_input, sizeof(mac_input)), ==, 1);
	g_assert_cmpint(EVP_MAC_final(mctx, mac, &mac_len, sizeof(mac)), ==, 1);
	g_assert_cmpuint(mac_len, ==, 16);
	/* 0C A4 02 0C, Lc 29: DO'87' and DO'8E', Le 00 */
	g_assert_cmpuint(raw_len, ==, 5 + 19 + 10 + 1);
	g_assert_cmpmem(raw, 5, "\x0C\xA4\x02\x0C\x1D", 5);
	g_assert_cmpmem(raw + 5, 19, expected, 19);
	g_assert_cmpmem(raw + 5 + 19, 2, "\x8E\x08", 2);
	g_assert_cmpmem(raw + 5 + 21, 8, mac, 8);
	g_assert_cmpuint(raw[raw_len - 1], ==, 0x00);
	td_sm_get_ssc(sm, ssc, sizeof(ssc));
	g_assert_cmpuint(ssc[15], ==, 1);
	EVP_MAC_CTX_free(mctx);
	EVP_MAC_free(cmac);
	td_sm_free(sm);
}

/* A worked example through the very OpenPACE calls td_pace_authenticate
 * makes, with the example's keys put in place of the random ones. */
static void
test_pace_example_crypto(gconstpointer data)
{
	const PaceWorkedExample *ex = data;
	EAC_CTX *ctx;
	PACE_SEC *sec;
	BUF_MEM *enc_nonce, *chip_map, *chip_eph, *my_eph, *token_ic, *token_ifd;
	g_autoptr(TdSecurityInfos) ca =
	    td_test_card_access_from_hex(ex->card_access != NULL ? ex->card_access : TD_TEST_PACE_EXAMPLE_CARD_ACCESS);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *generator_hex = NULL;

	g_test_message("%s", ex->name);
	if (ex->can == NULL) {
		TdAccessKey key;
		g_autofree gchar *mrz_information = NULL;
		guint8 k[20];
		guint k_len = 0;
		g_autoptr(GBytes) k_bytes = NULL;
		g_autofree gchar *k_hex = NULL;

		td_test_pace_example_key(&key, TD_ACCESS_KEY_PACE_MRZ);
		mrz_information = td_access_key_mrz_information(&key);
		g_assert_true(EVP_Digest(mrz_information, strlen(mrz_information), k, &k_len, EVP_sha1(), NULL));
		k_bytes = g_bytes_new(k, k_len);
		k_hex = td_test_to_hex(k_bytes);
		g_assert_cmpstr(k_hex, ==, ex->k);
		sec = PACE_SEC_new((const char *)k, k_len, PACE_RAW);
		td_memwipe(k, sizeof(k));
	} else {
		/* as td_pace_authenticate sends a CAN; a PIN derives K alike */
		sec = PACE_SEC_new(ex->can, strlen(ex->can), PACE_CAN);
	}

	ctx = td_pace_ctx_new(td_pace_choose_info(ca, NULL), &error);
	g_assert_no_error(error);
	enc_nonce = hex_buf_mem(ex->encrypted_nonce);
	g_assert_cmpint(PACE_STEP2_dec_nonce(ctx, sec, enc_nonce), ==, 1);
	assert_buf_mem_hex(ctx->pace_ctx->nonce, ex->nonce);

	/* mapping with the example's terminal key */
	EVP_PKEY_free(ctx->pace_ctx->static_key);
	ctx->pace_ctx->static_key = example_terminal_key(ex, NULL, ex->map_sk, ex->map_pk);
	chip_map = hex_buf_mem(ex->chip_map_pk);
	if (ex->h != NULL)
		assert_mapping_point(ex);
	g_assert_cmpint(PACE_STEP3A_map_generator(ctx, chip_map), ==, 1);
	generator_hex = mapped_generator_hex(ctx, ex->dh);
	g_assert_cmpstr(generator_hex, ==, ex->generator);

	/* key agreement with the example's terminal ephemeral key */
	EVP_PKEY_free(ctx->pace_ctx->ka_ctx->key);
	ctx->pace_ctx->ka_ctx->key = example_terminal_key(ex, generator_hex, ex->eph_sk, ex->eph_pk);
	my_eph = hex_buf_mem(ex->eph_pk);
	BUF_MEM_free(ctx->pace_ctx->my_eph_pubkey);
	ctx->pace_ctx->my_eph_pubkey = my_eph;
	chip_eph = hex_buf_mem(ex->chip_eph_pk);
	g_assert_cmpint(PACE_STEP3B_compute_shared_secret(ctx, chip_eph), ==, 1);
	assert_buf_mem_hex(ctx->pace_ctx->ka_ctx->shared_secret, ex->shared_secret);
	g_assert_cmpint(PACE_STEP3C_derive_keys(ctx), ==, 1);
	assert_buf_mem_hex(ctx->pace_ctx->ka_ctx->k_enc, ex->ks_enc);
	assert_buf_mem_hex(ctx->pace_ctx->ka_ctx->k_mac, ex->ks_mac);

	/* tokens */
	token_ifd = PACE_STEP3D_compute_authentication_token(ctx, chip_eph);
	assert_buf_mem_hex(token_ifd, ex->token_ifd);
	token_ic = hex_buf_mem(ex->token_ic);
	g_assert_cmpint(PACE_STEP3D_verify_authentication_token(ctx, token_ic), ==, 1);
	token_ic->data[0] ^= 1;
	g_assert_cmpint(PACE_STEP3D_verify_authentication_token(ctx, token_ic), !=, 1);
	assert_pace_sm_start(ctx, td_pace_choose_info(ca, NULL), ex);

	BUF_MEM_clear_free(token_ic);
	BUF_MEM_clear_free(token_ifd);
	BUF_MEM_clear_free(chip_eph);
	BUF_MEM_clear_free(chip_map);
	BUF_MEM_clear_free(enc_nonce);
	PACE_SEC_clear_free(sec);
	EAC_CTX_clear_free(ctx);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_data_func("/pace/example/crypto", &icao_g1, test_pace_example_crypto);
	g_test_add_data_func("/pace/example/crypto-bsi-eac", &bsi_eac, test_pace_example_crypto);
	g_test_add_data_func("/pace/example/crypto-dh", &icao_g2, test_pace_example_crypto);
	return g_test_run();
}
