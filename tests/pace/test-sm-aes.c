/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Secure messaging held to APDUs others published, so that td-sm.c is not
 * only checked against itself: each exchange is wrapped by the terminal
 * side and must come out byte for byte as published, is opened by the card
 * side back into the plain command, and the card's answer is wrapped and
 * opened the same way. The values are facts copied from the sources named
 * at each one; no code of theirs is used. */
#include "config.h"

#include "td-reader-error.h"
#include "td-sm.h"
#include "td-test-hex.h"

typedef struct {
	const gchar *name;
	TdSmCipherKind kind;
	const gchar *ks_enc, *ks_mac;
	const gchar *ssc; /* before the command is wrapped */
	/* the plain command and its protected form; NULL: the response only,
	 * with ssc as it stood after the command */
	const gchar *command, *protected_command;
	const gchar *protected_response;
	const gchar *response_data; /* plain, without the status word */
	guint16 sw;
} SmExchange;

static const SmExchange exchanges[] = {
	/* BSI, "Worked Example for Extended Access Control (EAC)" 1.01/1.02:
	 * right after PACE (its KSenc and KSmac, checked in test-pace.c
	 * /pace/example/crypto-bsi-eac), MSE:Set DST with the CVCA reference
	 * DECVCAAT00001. The cryptogram (SSC 1) and the response MAC (SSC 2)
	 * are tc_ecdh_e1 and tc_ecdh_a1 in OpenPACE's src/eactest.c; the whole
	 * APDUs as open eCard's SecureMessagingTest (org.openecard...pace)
	 * quotes them from the same document. */
	{
		.name = "BSI EAC worked example, MSE:Set DST after PACE",
		.kind = TD_SM_CIPHER_AES_128,
		.ks_enc = "68406B4162100563D9C901A6154D2901",
		.ks_mac = "73FF268784F72AF833FDC9464049AFC9",
		.ssc = "00000000000000000000000000000000",
		.command = "002281B60F830D44454356434141543030303031",
		.protected_command = "0C2281B61D871101BE90237EEB4BA0FF253EA246AE31C8B88E0892D21C73A1DFE99900",
		.protected_response = "990290008E08A89570A68664A7D69000",
		.response_data = "",
		.sw = 0x9000,
	},
	/* gmrtd (github.com/gmrtd/gmrtd), chipauth/chip_auth_test.go,
	 * TestChipAuthAT: "CA test extracted from actual session with AT
	 * passport", under the session keys before chip authentication
	 * (id-CA-ECDH-AES-CBC-CMAC-128, no key reference). */
	{
		.name = "Austrian passport, MSE:Set AT for chip authentication",
		.kind = TD_SM_CIPHER_AES_128,
		.ks_enc = "524170DE3419B7AF2F23E45AD6EF9595",
		.ks_mac = "97893F5FDC29A5C13A924FE7D8ED44FD",
		.ssc = "000000000000000000000000000000F0",
		.command = "002241A40C800A04007F00070202030202",
		.protected_command = "0C2241A41D8711015D8F69B1EA365CCE4304970DB12421F38E085340D338128085E700",
		.protected_response = "990290008E083F5136E82A6C34779000",
		.response_data = "",
		.sw = 0x9000,
	},
	{
		.name = "Austrian passport, GENERAL AUTHENTICATE with the terminal's key",
		.kind = TD_SM_CIPHER_AES_128,
		.ks_enc = "524170DE3419B7AF2F23E45AD6EF9595",
		.ks_mac = "97893F5FDC29A5C13A924FE7D8ED44FD",
		.ssc = "000000000000000000000000000000F2",
		.command = "00860000457C438041044827C781BE1AC7A00B351214FD783AC76D99E831A6316C8FD6DE7BD96CFA31DA06B6B57BA38078"
			   "9729F4A028212A768C49BF5F97D98B1DB12BEEC1A1CD324FB200",
		.protected_command = "0C860000608751019E18F1BA79D805379752BB560EB70AAC3CE3BC5AFE2FDD4AEB325CA8B578B4A93B9F66A5DF40005F8E"
				     "878535251D33DD974AAF77FB858773E5799FA9DC1034E89B1150EC7F0BB3DB4BF37A1B9EA4458A9701008E089D20"
				     "4D950C0B95DB00",
		.protected_response = "8711010B0A5DFFC7432DE4DEB604291377A05B990290008E08B3384A1F5D1579739000",
		.response_data = "7C00",
		.sw = 0x9000,
	},
	/* The same session after chip authentication: the new keys (derived
	 * in test-chip-auth.c /chip-auth/kdf/real-passports), SSC 0. */
	{
		.name = "Austrian passport, SELECT DG14 under the chip-authentication keys",
		.kind = TD_SM_CIPHER_AES_128,
		.ks_enc = "C8E27260EFD3F318D18C080CBF11C7E6",
		.ks_mac = "A942190365204A21409EB28B52BF9160",
		.ssc = "00000000000000000000000000000000",
		.command = "00A4020C02010E",
		.protected_command = "0CA4020C1D8711011B2EE500E84960DF7F37AFE7ADFF53838E084500F3B43E192A5700",
		.protected_response = "990290008E0803C4B125B4218CEF9000",
		.response_data = "",
		.sw = 0x9000,
	},
	/* gmrtd, chipauth/chip_auth_test.go, TestChipAuthFR: "CA test
	 * extracted from actual session with FR passport": AES-256 secure
	 * messaging, MSE:Set KAT (3DES chip authentication), then 3DES. */
	{
		.name = "French passport, MSE:Set KAT under AES-256",
		.kind = TD_SM_CIPHER_AES_256,
		.ks_enc = "17DA5D46E356F5B31C3D65B1369EF531CA811EFFC76967D2B62335E1AD9FE5CB",
		.ks_mac = "5CB99A25E6081581FAC80C8DA621087939B6BDE273F2F7C65693B3A0EA3051ED",
		.ssc = "000000000000000000000000000000C6",
		.command = "002241A643914104334F809C8842A4C9316C19E52A0D6EA0285996C40FF6DB303CEF72099198C8AD5D6B46E93482DE89"
			   "9533D06EAC54C289DF5AA1436A846FB9154100C5322439EA",
		.protected_command = "0C2241A65D8751013AE386873DF68BD7E9F8D7AB2E696CED29EEB8DA78D502645B5E97D566361341E2EAA56318F6D84B"
				     "F0BC44F7808AFAF14798D16048AAB03545F017F557D2CCE9DEE724F099E3D643ABD0FB03E567D9B18E08F2D238DEDE"
				     "5ABBF100",
		.protected_response = "990290008E089666AC14D11E8C2C9000",
		.response_data = "",
		.sw = 0x9000,
	},
	{
		.name = "French passport, SELECT DG14 under the 3DES chip-authentication keys",
		.kind = TD_SM_CIPHER_3DES,
		.ks_enc = "8AE910A12991FBFE5E37C2C726A2DF29",
		.ks_mac = "1ADAC8970843D9BF8570737A04A8D50D",
		.ssc = "0000000000000000",
		.command = "00A4020C02010E",
		.protected_command = "0CA4020C15870901DB66E918FE3525F98E08D870008CEA2BA80000",
		.protected_response = "990290008E08420DEA0A913418AE9000",
		.response_data = "",
		.sw = 0x9000,
	},
	/* gmrtd, iso7816/secure_messaging_test.go, TestSecureMessageDecode:
	 * an AES answer with 224 bytes of data (DO'87' with a long-form
	 * length). */
	{
		.name = "gmrtd, AES answer with 224 bytes",
		.kind = TD_SM_CIPHER_AES_128,
		.ks_enc = "A8E85E938514EC67AE33CDA3D43D3C48",
		.ks_mac = "27F1ADEB705A049A305B0C619B14B9B3",
		.ssc = "0000000000000000000000000000000B",
		.protected_response = "8781E1012FABF9E0655D7E987FD28A8AEB19C9CADD990D49399799ED1FE465BCEA56DA9BA3024291D40D23D7F1E00485D7"
				      "1FADDC6D8C1382E8028DD22EFDCC72ED47663D56D20DD6C4B867956FE0507313083AE7FC54FB46133F184FEBBE13AD6F"
				      "D3E2616A1F4A829E75ADA1A0E443CA738288F6014BE8A7745D8259B089E6BEE35BCC4BF5B63DB5FDD84244F67ECA0992"
				      "13B70A861B4487225AA68AF684278FCEB4CB809DE42BE3EE95B0E0D72BCDB0ED47CB56EFC264E04A9397A90E81AD1D81"
				      "EFA2D14B2CA8EC7BD997F4B1C1FD344D5DEE8589C38B227CA4CB35810060A7CC76403E990290008E083EB47EF4FA82AF"
				      "C99000",
		.response_data = "A729901D1A71874700133107EC53306404307BC382C63D8C150C3C72080ACE05AFA0C2BEA28E4FB22787139165EFBA91F90F"
				 "8AA5814A503AD4EB04A8C7DD22CE2826043004A8C7DD22CE28268B39B55416F0447C2FB77DE107DCD2A62E880EA53EEB62"
				 "D57CB4390295DBC9943AB78696FA504C110461041D1C64F068CF45FFA2A63A81B7C13F6B8847A3E77EF14FE3DB7FCAFE0C"
				 "BD10E8E826E03436D646AAEF87B2E247D4AF1E8ABE1D7520F9C2A45CB1EB8E95CFD55262B70B29FEEC5864E19C054FF991"
				 "29280E4646217791811142820341263C53150231008CB91E82A3",
		.sw = 0x9000,
	},
};

static TdSm *
sm_new(const SmExchange *ex)
{
	g_autoptr(GBytes) enc = td_test_hex(ex->ks_enc);
	g_autoptr(GBytes) mac = td_test_hex(ex->ks_mac);
	g_autoptr(GBytes) ssc = td_test_hex(ex->ssc);
	g_autoptr(TdSecret) ks_enc = td_secret_new_from_data(g_bytes_get_data(enc, NULL), g_bytes_get_size(enc));
	g_autoptr(TdSecret) ks_mac = td_secret_new_from_data(g_bytes_get_data(mac, NULL), g_bytes_get_size(mac));

	g_assert_cmpuint(g_bytes_get_size(ssc), ==, td_sm_cipher_block_size(ex->kind));
	return td_sm_new(ex->kind, ks_enc, ks_mac, g_bytes_get_data(ssc, NULL), g_bytes_get_size(ssc));
}

static void
test_exchange(gconstpointer data)
{
	const SmExchange *ex = data;
	g_autoptr(TdSm) terminal = sm_new(ex);
	g_autoptr(TdSm) chip = sm_new(ex);
	g_autoptr(GBytes) protected_raw = td_test_hex(ex->protected_response);
	g_autoptr(GBytes) response_data = td_test_hex(ex->response_data);
	g_autoptr(TdResponse) protected_resp = td_response_decode(protected_raw, NULL);
	g_autoptr(TdResponse) plain = NULL;
	g_autoptr(GError) error = NULL;

	g_test_message("%s", ex->name);
	g_assert_nonnull(protected_resp); /* the vector's response has its status word */
	if (ex->command != NULL) {
		g_autoptr(GBytes) command_raw = td_test_hex(ex->command);
		g_autoptr(TdApdu) command = td_apdu_decode(g_bytes_get_data(command_raw, NULL), g_bytes_get_size(command_raw), NULL);
		g_autoptr(TdApdu) wrapped = NULL;
		g_autoptr(TdApdu) unwrapped = NULL;
		g_autoptr(TdResponse) chip_plain = NULL;
		g_autoptr(TdResponse) chip_wrapped = NULL;
		g_autoptr(GBytes) encoded = NULL;
		g_autoptr(GBytes) unwrapped_raw = NULL;
		g_autoptr(GBytes) chip_wrapped_raw = NULL;

		g_assert_nonnull(command);
		/* terminal: the protected command, byte for byte */
		wrapped = td_sm_wrap_command(terminal, command, &error);
		g_assert_no_error(error);
		encoded = td_apdu_encode(wrapped);
		td_test_assert_bytes_hex(encoded, ex->protected_command);
		/* card: back to the plain command */
		unwrapped = td_sm_unwrap_command(chip, wrapped, &error);
		g_assert_no_error(error);
		unwrapped_raw = td_apdu_encode(unwrapped);
		td_test_assert_bytes_hex(unwrapped_raw, ex->command);
		/* card: the answer, byte for byte */
		chip_plain = td_response_new(response_data, ex->sw);
		chip_wrapped = td_sm_wrap_response(chip, chip_plain, TRUE, &error);
		g_assert_no_error(error);
		chip_wrapped_raw = td_response_encode(chip_wrapped);
		td_test_assert_bytes_hex(chip_wrapped_raw, ex->protected_response);
	}
	/* terminal: the answer opened */
	g_assert_nonnull(protected_resp);
	plain = td_sm_unwrap_response(terminal, protected_resp, &error);
	g_assert_no_error(error);
	g_assert_cmphex(plain->sw, ==, ex->sw);
	td_test_assert_bytes_hex(plain->data, ex->response_data);
}

/* One bit of the published answer's MAC flipped: refused. */
static void
test_exchange_tampered(gconstpointer data)
{
	const SmExchange *ex = data;
	g_autoptr(TdSm) terminal = sm_new(ex);
	g_autoptr(GBytes) raw = td_test_hex(ex->protected_response);
	gsize len = g_bytes_get_size(raw);
	g_autofree guint8 *bytes = g_memdup2(g_bytes_get_data(raw, NULL), len);
	g_autoptr(GBytes) tampered = NULL;
	g_autoptr(TdResponse) resp = NULL;
	g_autoptr(TdResponse) plain = NULL;
	g_autoptr(GError) error = NULL;

	if (ex->command != NULL) {
		/* the command first, for the SSC */
		g_autoptr(GBytes) command_raw = td_test_hex(ex->command);
		g_autoptr(TdApdu) command = td_apdu_decode(g_bytes_get_data(command_raw, NULL), g_bytes_get_size(command_raw), NULL);
		g_autoptr(TdApdu) wrapped = td_sm_wrap_command(terminal, command, &error);
		g_assert_no_error(error);
		g_assert_nonnull(wrapped);
	}
	/* the MAC is the last 8 bytes before the status word */
	bytes[len - 3] ^= 0x01;
	tampered = g_bytes_new(bytes, len);
	resp = td_response_decode(tampered, NULL);
	plain = td_sm_unwrap_response(terminal, resp, &error);
	g_assert_null(plain);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	for (guint i = 0; i < G_N_ELEMENTS(exchanges); i++) {
		g_autofree gchar *path = g_strdup_printf("/sm/published/%u", i + 1);
		g_autofree gchar *tampered = g_strdup_printf("/sm/published/%u/tampered", i + 1);
		g_test_add_data_func(path, &exchanges[i], test_exchange);
		g_test_add_data_func(tampered, &exchanges[i], test_exchange_tampered);
	}
	return g_test_run();
}
