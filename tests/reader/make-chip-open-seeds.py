#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpus of fuzz-chip-open (seeds/chip-open/).

Run once by hand; the output is committed. Each seed is the card's
answers in the order the kiosk asks (td-fuzz-card-transport.h: a 2-byte
length, then the answer with its status word). TD_FUZZ_TRACE=1 on the
target prints the commands each answer met.

The PACE values are ICAO Doc 9303-11's worked examples (Appendix G.1,
ECDH generic mapping on brainpoolP256r1; G.2, DH on the RFC 5114 1024-bit
group), as tests/pace/test-pace-worked-examples.c holds them: real
points and group elements a chip would send, so the fuzzer starts past
the checks that refuse a point off the curve. The password differs from
the examples', so the token never verifies."""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "seeds", "chip-open")

OK = bytes.fromhex("9000")

G1_CARD_ACCESS = bytes.fromhex("31143012060A04007F0007020204020202010202010D")
G1_ENCRYPTED_NONCE = bytes.fromhex("95A3A016522EE98D01E76CB6B98B42C3")
G1_CHIP_MAP_PK = bytes.fromhex(
    "04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57"
    "30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54")
G1_CHIP_EPH_PK = bytes.fromhex(
    "049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB"
    "7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094")
G1_TOKEN_IC = bytes.fromhex("3ABB9674BCE93C08")

G2_CARD_ACCESS = bytes.fromhex("31143012060A04007F00070202040102020102020100")
G2_ENCRYPTED_NONCE = bytes.fromhex("854D8DF5827FA6852D1A4FA701CDDDCA")
G2_CHIP_MAP_PK = bytes.fromhex(
    "78879F57225AA8080D52ED0FC890A4B25336F699AA89A2D3A189654AF70729E6"
    "23EA5738B26381E4DA19E004706FACE7B235C2DBF2F38748312F3C98C2DD4882"
    "A41947B324AA1259AC22579DB93F7085655AF30889DBB845D9E6783FE42C9F24"
    "49400306254C8AE8EE9DD812A804C0B66E8CAFC14F84D8258950A91B44126EE6")
G2_CHIP_EPH_PK = bytes.fromhex(
    "075693D9AE941877573E634B6E644F8E60AF17A0076B8B123D9201074D36152B"
    "D8B3A213F53820C42ADC79AB5D0AEEC3AEFB91394DA476BD97B9B14D0A65C1FC"
    "71A0E019CB08AF55E1F729005FBA7E3FA5DC41899238A250767A6D46DB974064"
    "386CD456743585F8E5D90CC8B4004B1F6D866C79CE0584E49687FF61BC29AEA1")
G2_TOKEN_IC = bytes.fromhex("917F37B5C0E6D8D1")


def tlv(tag, value):
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    elif n < 0x100:
        length = bytes([0x81, n])
    else:
        length = bytes([0x82, n >> 8, n & 0xFF])
    return bytes([tag]) + length + value


def dad(tag, value):
    """PACE's dynamic authentication data: 7C { tag value }."""
    return tlv(0x7C, tlv(tag, value))


def answers(*items):
    out = b""
    for a in items:
        out += len(a).to_bytes(2, "big") + a
    return out


# BAC after PACE: SELECT of the application, GET CHALLENGE, then an
# EXTERNAL AUTHENTICATE answer whose MAC cannot verify
BAC = [OK, bytes(range(8)) + OK, bytes(range(40)) + OK]


def pace(card_access, nonce, map_pk, eph_pk, token):
    return [card_access + OK, OK, dad(0x80, nonce) + OK, dad(0x82, map_pk) + OK,
            dad(0x84, eph_pk) + OK, dad(0x86, token) + OK]


SEEDS = {
    # the whole of PACE; the chip's token does not verify, which ends the
    # opening (a chip that cannot prove its key is not tried with BAC)
    "pace-ecdh-gm": answers(*pace(G1_CARD_ACCESS, G1_ENCRYPTED_NONCE, G1_CHIP_MAP_PK,
                                  G1_CHIP_EPH_PK, G1_TOKEN_IC)),
    "pace-dh-gm": answers(*pace(G2_CARD_ACCESS, G2_ENCRYPTED_NONCE, G2_CHIP_MAP_PK,
                                G2_CHIP_EPH_PK, G2_TOKEN_IC)),
    # the last step refused (a wrong password: 63Cx), then BAC
    "pace-refused": answers(*pace(G1_CARD_ACCESS, G1_ENCRYPTED_NONCE, G1_CHIP_MAP_PK,
                                  G1_CHIP_EPH_PK, G1_TOKEN_IC)[:5], bytes.fromhex("63C2"), *BAC),
    # a T=0 card: EF.CardAccess and the nonce come in two parts (61xx and
    # GET RESPONSE); the mapping step refused (6A80), which ends the opening
    "get-response": answers(bytes.fromhex("6116"), G1_CARD_ACCESS + OK, OK,
                            bytes.fromhex("6114"), dad(0x80, G1_ENCRYPTED_NONCE) + OK,
                            bytes.fromhex("6A80")),
    # MSE:Set AT refused, so BAC: its challenge after 6C08, the first
    # key's answer refused (6300), the next key's answer that cannot verify
    "mse-refused-then-bac": answers(G1_CARD_ACCESS + OK, bytes.fromhex("6A80"), OK,
                                    bytes.fromhex("6C08"), bytes(range(8)) + OK,
                                    bytes.fromhex("6300"), bytes(range(8)) + OK,
                                    bytes(range(40)) + OK),
    # no EF.CardAccess (by short file id, by SELECT, the master file's
    # SELECT refused, by SELECT again): BAC at once
    "bac-only": answers(*[bytes.fromhex("6A82")] * 4, *BAC),
}


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    for name, data in SEEDS.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
