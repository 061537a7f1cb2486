/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ICAO 9303-11 Appendix D (BAC and secure messaging), byte for byte:
 * the vectors are in shared/reference/DOMAIN.md §5. Both sides of the
 * protocol are checked: the terminal's and the virtual chip's; and the
 * terminal's card channel against a scripted card that answers the
 * example's protected commands as real chips do (DOMAIN.md §2). */
#include <string.h>

#include "td-access-key.h"
#include "td-bac.h"
#include "td-card-channel.h"
#include "td-reader-error.h"
#include "td-sm.h"
#include "td-test-hex.h"
#include "td-test-script-transport.h"
#include "td-vchip-bac.h"

static const gchar *rnd_ic_hex = "4608F91988702212";
static const gchar *rnd_ifd_hex = "781723860C06C226";
static const gchar *k_ifd_hex = "0B795240CB7049B01C19B33E32804F0B";
static const gchar *k_ic_hex = "0B4F80323EB3191CB04970CB4052790B";

/* The example's protected SELECT EF.COM and READ BINARY of 4 bytes, and
 * the chip's answers */
#define EXAMPLE_SELECT_EF_COM	"0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800"
#define EXAMPLE_SELECTED	"990290008E08FA855A5D4C50A8ED9000"
#define EXAMPLE_READ_FOUR_BYTES "0CB000000D9701048E08ED6705417E96BA5500"
#define EXAMPLE_READ_ANSWER	"8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000"

static void
derive_example_keys(TdSecret **k_enc, TdSecret **k_mac)
{
	g_autoptr(TdSecret) seed = td_bac_key_seed("L898902C<369080619406236");
	g_autoptr(GBytes) seed_bytes = g_bytes_new(seed->data, seed->len);

	td_test_assert_bytes_hex(seed_bytes, "239AB9CB282DAF66231DC5A4DF6BFBAE");
	*k_enc = td_kdf_3des(seed->data, seed->len, 1);
	*k_mac = td_kdf_3des(seed->data, seed->len, 2);
}

static void
test_key_derivation(void)
{
	g_autoptr(TdSecret) k_enc = NULL;
	g_autoptr(TdSecret) k_mac = NULL;
	g_autoptr(GBytes) enc = NULL;
	g_autoptr(GBytes) mac = NULL;

	derive_example_keys(&k_enc, &k_mac);
	enc = g_bytes_new(k_enc->data, k_enc->len);
	mac = g_bytes_new(k_mac->data, k_mac->len);
	td_test_assert_bytes_hex(enc, "AB94FDECF2674FDFB9B391F85D7F76F2");
	td_test_assert_bytes_hex(mac, "7962D9ECE03D1ACD4C76089DCE131543");
}

static void
test_mrz_information(void)
{
	/* The example's document number has 8 characters plus a filler. */
	TdAccessKey key = {.kind = TD_ACCESS_KEY_BAC};
	g_autofree gchar *info = NULL;

	g_strlcpy(key.document_number, "L898902C<", sizeof(key.document_number));
	g_strlcpy(key.birth_yymmdd, "690806", sizeof(key.birth_yymmdd));
	g_strlcpy(key.expiry_yymmdd, "940623", sizeof(key.expiry_yymmdd));
	info = td_access_key_mrz_information(&key);
	g_assert_cmpstr(info, ==, "L898902C<369080619406236");
}

/* The chip, which holds the example's keys, gets an EXTERNAL AUTHENTICATE
 * the terminal built under terminal_enc and terminal_mac with the example's
 * nonces: the chip's session and answer, or NULL with the error when it
 * refuses. */
static TdSm *
chip_authenticate(TdSecret *terminal_enc,
		  TdSecret *terminal_mac,
		  GBytes **ext_auth_out,
		  GBytes **answer_out,
		  GError **error)
{
	g_autoptr(TdSecret) k_enc = NULL;
	g_autoptr(TdSecret) k_mac = NULL;
	g_autoptr(GBytes) rnd_ic = td_test_hex(rnd_ic_hex);
	g_autoptr(GBytes) rnd_ifd = td_test_hex(rnd_ifd_hex);
	g_autoptr(GBytes) k_ifd = td_test_hex(k_ifd_hex);
	g_autoptr(GBytes) k_ic = td_test_hex(k_ic_hex);
	g_autoptr(GError) build_error = NULL;

	derive_example_keys(&k_enc, &k_mac);
	*ext_auth_out = td_bac_build_external_authenticate(terminal_enc, terminal_mac, g_bytes_get_data(rnd_ic, NULL),
							   g_bytes_get_data(rnd_ifd, NULL),
							   g_bytes_get_data(k_ifd, NULL), &build_error);
	g_assert_no_error(build_error);
	return td_vchip_bac_authenticate(k_enc, k_mac, g_bytes_get_data(rnd_ic, NULL), g_bytes_get_data(k_ic, NULL),
					 *ext_auth_out, answer_out, error);
}

/* Runs mutual authentication on both sides with the example's nonces and
 * returns the two sessions. */
static void
mutual_authenticate(TdSm **terminal, TdSm **chip)
{
	g_autoptr(TdSecret) k_enc = NULL;
	g_autoptr(TdSecret) k_mac = NULL;
	g_autoptr(GBytes) rnd_ic = td_test_hex(rnd_ic_hex);
	g_autoptr(GBytes) rnd_ifd = td_test_hex(rnd_ifd_hex);
	g_autoptr(GBytes) k_ifd = td_test_hex(k_ifd_hex);
	g_autoptr(GBytes) ext_auth = NULL;
	g_autoptr(GBytes) answer = NULL;
	g_autoptr(GError) error = NULL;

	derive_example_keys(&k_enc, &k_mac);
	*chip = chip_authenticate(k_enc, k_mac, &ext_auth, &answer, &error);
	g_assert_no_error(error);
	g_assert_nonnull(*chip);
	td_test_assert_bytes_hex(ext_auth, "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2"
					   "5F1448EEA8AD90A7");
	td_test_assert_bytes_hex(answer, "46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F"
					 "2F2D235D074D7449");

	*terminal = td_bac_finish(k_enc, k_mac, g_bytes_get_data(rnd_ic, NULL), g_bytes_get_data(rnd_ifd, NULL),
				  g_bytes_get_data(k_ifd, NULL), answer, &error);
	g_assert_no_error(error);
	g_assert_nonnull(*terminal);
}

/* The example chip's answer with one bit of its MAC, or of the nonce it
 * gives back, changed: it answered 9000 to our cryptogram, so the key is
 * right, and its answer not verifying says the chip cannot prove it has
 * the key: no "wrong key" (the patient would type the number again). */
static void
test_chip_answer_not_verifying(void)
{
	g_autoptr(TdSecret) k_enc = NULL;
	g_autoptr(TdSecret) k_mac = NULL;
	g_autoptr(GBytes) rnd_ic = td_test_hex(rnd_ic_hex);
	g_autoptr(GBytes) rnd_ifd = td_test_hex(rnd_ifd_hex);
	g_autoptr(GBytes) k_ifd = td_test_hex(k_ifd_hex);
	/* ICAO 9303-11 App. D's E.IC || M.IC, the last byte of M.IC flipped */
	g_autoptr(GBytes) bad_mac = td_test_hex("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F"
						"2F2D235D074D7448");
	/* the right answer, to our nonce's first byte changed */
	guint8 other_rnd_ifd[8];
	const gchar *const answers[] = {"mac", "nonce"};

	derive_example_keys(&k_enc, &k_mac);
	memcpy(other_rnd_ifd, g_bytes_get_data(rnd_ifd, NULL), 8);
	other_rnd_ifd[0] ^= 0x01;
	for (guint i = 0; i < G_N_ELEMENTS(answers); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GBytes) good = td_test_hex("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F"
						     "2F2D235D074D7449");
		g_autoptr(TdSm) terminal =
		    td_bac_finish(k_enc, k_mac, g_bytes_get_data(rnd_ic, NULL),
				  i == 0 ? g_bytes_get_data(rnd_ifd, NULL) : other_rnd_ifd, g_bytes_get_data(k_ifd, NULL),
				  i == 0 ? bad_mac : good, &error);

		g_test_message("%s: %s", answers[i], error != NULL ? error->message : "(none)");
		g_assert_null(terminal);
		g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_CHIP_NOT_AUTHENTIC);
	}
}

static void
test_mutual_authentication(void)
{
	g_autoptr(TdSm) terminal = NULL;
	g_autoptr(TdSm) chip = NULL;
	guint8 ssc[8];
	g_autoptr(GBytes) ssc_bytes = NULL;

	mutual_authenticate(&terminal, &chip);
	td_sm_get_ssc(terminal, ssc, sizeof(ssc));
	ssc_bytes = g_bytes_new(ssc, sizeof(ssc));
	td_test_assert_bytes_hex(ssc_bytes, "887022120C06C226");
}

static void
test_wrong_key_refused_by_chip(void)
{
	g_autoptr(TdSecret) seed = td_bac_key_seed("L898902C<369080619406237");
	g_autoptr(TdSecret) wrong_enc = td_kdf_3des(seed->data, seed->len, 1);
	g_autoptr(TdSecret) wrong_mac = td_kdf_3des(seed->data, seed->len, 2);
	g_autoptr(GBytes) ext_auth = NULL;
	g_autoptr(GBytes) answer = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(TdSm) chip = chip_authenticate(wrong_enc, wrong_mac, &ext_auth, &answer, &error);

	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_WRONG_ACCESS_KEY);
	g_assert_null(chip);
	g_assert_null(answer);
}

/* One command through both sides' secure messaging, each step byte for
 * byte as the example has it: the terminal's protected command, the plain
 * command the chip gets back, the chip's protected answer (answer_data,
 * may be NULL, and 9000); returns what the terminal makes of that answer. */
static TdResponse *
protected_exchange(TdSm *terminal,
		   TdSm *chip,
		   const TdApdu *command,
		   const gchar *protected_command_hex,
		   GBytes *answer_data,
		   const gchar *protected_answer_hex)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) command_raw = td_apdu_encode(command);
	g_autoptr(TdApdu) wrapped = td_sm_wrap_command(terminal, command, &error);
	g_autoptr(GBytes) wrapped_raw = NULL;
	g_autoptr(TdApdu) unwrapped = NULL;
	g_autoptr(GBytes) unwrapped_raw = NULL;
	g_autoptr(TdResponse) chip_plain = td_response_new(answer_data, 0x9000);
	g_autoptr(TdResponse) chip_wrapped = NULL;
	g_autoptr(GBytes) chip_wrapped_raw = NULL;
	g_autoptr(GBytes) answer_raw = td_test_hex(protected_answer_hex);
	g_autoptr(TdResponse) answer = NULL;
	TdResponse *plain;

	g_assert_no_error(error);
	wrapped_raw = td_apdu_encode(wrapped);
	td_test_assert_bytes_hex(wrapped_raw, protected_command_hex);
	unwrapped = td_sm_unwrap_command(chip, wrapped, &error);
	g_assert_no_error(error);
	unwrapped_raw = td_apdu_encode(unwrapped);
	g_assert_true(g_bytes_equal(unwrapped_raw, command_raw));
	chip_wrapped = td_sm_wrap_response(chip, chip_plain, TRUE, &error);
	g_assert_no_error(error);
	chip_wrapped_raw = td_response_encode(chip_wrapped);
	td_test_assert_bytes_hex(chip_wrapped_raw, protected_answer_hex);
	answer = td_response_decode(answer_raw, &error);
	g_assert_no_error(error);
	plain = td_sm_unwrap_response(terminal, answer, &error);
	g_assert_no_error(error);
	return plain;
}

static void
test_protected_select_and_read(void)
{
	g_autoptr(TdSm) terminal = NULL;
	g_autoptr(TdSm) chip = NULL;
	g_autoptr(GBytes) fid = td_test_hex("011E");
	g_autoptr(TdApdu) select = td_apdu_new(0x00, 0xA4, 0x02, 0x0C, fid, -1);
	g_autoptr(TdApdu) read = td_apdu_new(0x00, 0xB0, 0x00, 0x00, NULL, 4);
	g_autoptr(GBytes) ef_com_start = td_test_hex("60145F01");
	g_autoptr(TdResponse) selected = NULL;
	g_autoptr(TdResponse) read_back = NULL;

	mutual_authenticate(&terminal, &chip);

	/* SELECT EF.COM */
	selected = protected_exchange(terminal, chip, select, EXAMPLE_SELECT_EF_COM, NULL, EXAMPLE_SELECTED);
	g_assert_cmpint(selected->sw, ==, 0x9000);
	g_assert_cmpint(g_bytes_get_size(selected->data), ==, 0);

	/* READ BINARY 4 bytes */
	read_back =
	    protected_exchange(terminal, chip, read, EXAMPLE_READ_FOUR_BYTES, ef_com_start, EXAMPLE_READ_ANSWER);
	g_assert_cmpint(read_back->sw, ==, 0x9000);
	td_test_assert_bytes_hex(read_back->data, "60145F01");
}

static void
test_tampered_response_rejected(void)
{
	g_autoptr(TdSm) terminal = NULL;
	g_autoptr(TdSm) chip = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) fid = td_test_hex("011E");
	g_autoptr(TdApdu) select = td_apdu_new(0x00, 0xA4, 0x02, 0x0C, fid, -1);
	g_autoptr(TdApdu) wrapped = NULL;
	/* The example's answer with the status word in DO'99' changed. */
	g_autoptr(GBytes) tampered = td_test_hex("990262828E08FA855A5D4C50A8ED9000");
	g_autoptr(TdResponse) answer = NULL;
	g_autoptr(TdResponse) plain = NULL;

	mutual_authenticate(&terminal, &chip);
	wrapped = td_sm_wrap_command(terminal, select, &error);
	g_assert_no_error(error);
	answer = td_response_decode(tampered, &error);
	g_assert_no_error(error);
	plain = td_sm_unwrap_response(terminal, answer, &error);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING);
	g_assert_null(plain);
}

/* Without DO'99' the MAC covers only DO'87' and the outer status word
 * stands (some chips do this). */
static void
test_response_without_do99(void)
{
	g_autoptr(TdSm) terminal = NULL;
	g_autoptr(TdSm) chip = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(TdApdu) read = td_apdu_new(0x00, 0xB0, 0x00, 0x00, NULL, 4);
	g_autoptr(TdApdu) wrapped = NULL;
	g_autoptr(TdApdu) unwrapped = NULL;
	g_autoptr(GBytes) data = td_test_hex("60145F01");
	g_autoptr(TdResponse) chip_plain = td_response_new(data, 0x9000);
	g_autoptr(TdResponse) chip_wrapped = NULL;
	g_autoptr(TdResponse) plain = NULL;

	mutual_authenticate(&terminal, &chip);
	wrapped = td_sm_wrap_command(terminal, read, &error);
	g_assert_no_error(error);
	unwrapped = td_sm_unwrap_command(chip, wrapped, &error);
	g_assert_no_error(error);
	chip_wrapped = td_sm_wrap_response(chip, chip_plain, FALSE, &error);
	g_assert_no_error(error);
	g_assert_null(memchr(g_bytes_get_data(chip_wrapped->data, NULL), 0x99, 1));
	plain = td_sm_unwrap_response(terminal, chip_wrapped, &error);
	g_assert_no_error(error);
	g_assert_cmpint(plain->sw, ==, 0x9000);
	td_test_assert_bytes_hex(plain->data, "60145F01");
}

static TdCardChannel *
example_channel(TdTestScriptTransport *card, const gchar *read_answer_hex)
{
	g_autoptr(TdSm) terminal = NULL;
	g_autoptr(TdSm) chip = NULL;
	TdCardChannel *channel = td_card_channel_new(TD_TRANSPORT(card));

	mutual_authenticate(&terminal, &chip);
	td_card_channel_set_sm(channel, g_steal_pointer(&terminal));
	td_test_script_transport_add(card, EXAMPLE_SELECT_EF_COM, EXAMPLE_SELECTED);
	td_test_script_transport_add(card, EXAMPLE_READ_FOUR_BYTES, read_answer_hex);
	return channel;
}

/* SELECT EF.COM through the channel, answered 9000 */
static void
channel_select_ef_com(TdCardChannel *channel)
{
	g_autoptr(GBytes) fid = td_test_hex("011E");
	g_autoptr(TdApdu) select = td_apdu_new(0x00, 0xA4, 0x02, 0x0C, fid, -1);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdResponse) selected = td_card_channel_send(channel, select, NULL, &error);

	g_assert_no_error(error);
	g_assert_cmphex(selected->sw, ==, 0x9000);
}

/* READ BINARY of 4 bytes through the channel */
static TdResponse *
channel_read_four(TdCardChannel *channel, GError **error)
{
	g_autoptr(TdApdu) read = td_apdu_new(0x00, 0xB0, 0x00, 0x00, NULL, 4);
	return td_card_channel_send(channel, read, NULL, error);
}

/* Through the card channel, the example's exchange gives EF.COM's first
 * bytes, the session still on. */
static void
test_channel_example(void)
{
	g_autoptr(TdTestScriptTransport) card = td_test_script_transport_new();
	g_autoptr(TdCardChannel) channel = example_channel(card, EXAMPLE_READ_ANSWER);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdResponse) read_back = NULL;

	channel_select_ef_com(channel);
	read_back = channel_read_four(channel, &error);
	g_assert_no_error(error);
	g_assert_cmphex(read_back->sw, ==, 0x9000);
	td_test_assert_bytes_hex(read_back->data, "60145F01");
	g_assert_nonnull(td_card_channel_get_sm(channel));
}

/* The chip answers the example's protected READ BINARY with a bare status
 * word, without secure messaging (DOMAIN.md §2: 6700 or 6282 to a Le it
 * will not give, some chips bare; 6982 from a chip that dropped the
 * session). Whether it counted the command is written nowhere, so the
 * channel returns the status word as it came and ends the session: the
 * next command goes plain (the caller opens a new session first), never
 * wrapped with a counter the chip may not share. */
static void
test_channel_bare_status_word(gconstpointer data)
{
	const gchar *bare = data;
	g_autoptr(TdTestScriptTransport) card = td_test_script_transport_new();
	g_autoptr(TdCardChannel) channel = example_channel(card, bare);
	g_autoptr(GBytes) bare_bytes = td_test_hex(bare);
	const guint8 *sw = g_bytes_get_data(bare_bytes, NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdResponse) refused = NULL;
	g_autoptr(TdResponse) plain = NULL;

	channel_select_ef_com(channel);
	refused = channel_read_four(channel, &error);
	g_assert_no_error(error);
	g_assert_cmphex(refused->sw, ==, (guint)(sw[0] << 8 | sw[1]));
	g_assert_cmpuint(g_bytes_get_size(refused->data), ==, 0);
	g_assert_null(td_card_channel_get_sm(channel));

	td_test_script_transport_add(card, "00B0000004", "6982");
	plain = channel_read_four(channel, &error);
	g_assert_no_error(error);
	g_assert_cmphex(plain->sw, ==, 0x6982);
	g_assert_cmpuint(td_test_script_transport_get_answered(card), ==, 3);
}

/* 6987 or 6988 (secure messaging's data objects missing or wrong): the
 * chip has ended the session (DOMAIN.md §2); the channel says so as a
 * secure-messaging error and ends it too. */
static void
test_channel_sm_objects_refused(gconstpointer data)
{
	g_autoptr(TdTestScriptTransport) card = td_test_script_transport_new();
	g_autoptr(TdCardChannel) channel = example_channel(card, data);
	g_autoptr(GError) error = NULL;
	g_autoptr(TdResponse) refused = NULL;

	channel_select_ef_com(channel);
	refused = channel_read_four(channel, &error);
	g_assert_error(error, TD_READER_ERROR, TD_READER_ERROR_SECURE_MESSAGING);
	g_assert_null(refused);
	g_assert_null(td_card_channel_get_sm(channel));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/bac/worked-example/key-derivation", test_key_derivation);
	g_test_add_func("/bac/worked-example/mrz-information", test_mrz_information);
	g_test_add_func("/bac/worked-example/mutual-authentication", test_mutual_authentication);
	g_test_add_func("/bac/worked-example/protected-select-and-read", test_protected_select_and_read);
	g_test_add_func("/bac/wrong-key-refused-by-chip", test_wrong_key_refused_by_chip);
	g_test_add_func("/bac/chip-answer-not-verifying", test_chip_answer_not_verifying);
	g_test_add_func("/sm/tampered-response-rejected", test_tampered_response_rejected);
	g_test_add_func("/sm/response-without-do99", test_response_without_do99);
	g_test_add_func("/sm/channel/worked-example", test_channel_example);
	g_test_add_data_func("/sm/channel/bare-6700", "6700", test_channel_bare_status_word);
	g_test_add_data_func("/sm/channel/bare-6282", "6282", test_channel_bare_status_word);
	g_test_add_data_func("/sm/channel/bare-6982", "6982", test_channel_bare_status_word);
	g_test_add_data_func("/sm/channel/sm-objects-missing-6987", "6987", test_channel_sm_objects_refused);
	g_test_add_data_func("/sm/channel/sm-objects-incorrect-6988", "6988", test_channel_sm_objects_refused);
	return g_test_run();
}
