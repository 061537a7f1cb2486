#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpus of fuzz-aa-signature (seeds/aa-signature/).

Run once by hand; the output is committed. Each seed is: the key choice,
the algorithm choice (both as fuzz-aa-signature.c numbers them), then the
chip's answer to the challenge 0123456789ABCDEF. The EC keys have the
private key 1 (public key = the generator), so the openssl command line
signs here what the target checks there; no RSA signature is valid."""
import base64
import os
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "seeds", "aa-signature")
CHALLENGE = bytes.fromhex("0123456789ABCDEF")

# key choice -> (curve OID for SEC1, order length); 2 is brainpoolP256r1
# with explicit parameters in the target, the same key here
KEYS = {
    0: ("2a8648ce3d030107", 32),  # prime256v1
    1: ("2b2403030208010107", 32),  # brainpoolP256r1
    2: ("2b2403030208010107", 32),
    3: ("2b81040022", 48),  # secp384r1
}
RSA_KEY = 4

# algorithm choice -> digest (None: the curve's size)
ALGORITHMS = {
    0: "sha1", 1: "sha224", 2: "sha256", 3: "sha384", 4: "sha512",  # BSI plain
    5: "sha1", 6: "sha224", 7: "sha256", 8: "sha384", 9: "sha512",  # X9.62
    10: None,
    11: "sha256",  # an OID the target does not know
}


def tlv(tag, value):
    n = len(value)
    head = bytes([n]) if n < 0x80 else bytes([0x81, n])
    return bytes([tag]) + head + value


def sec1_key_one(curve_oid_hex, order_len):
    der = tlv(0x30, tlv(0x02, b"\x01") + tlv(0x04, (1).to_bytes(order_len, "big"))
              + tlv(0xA0, tlv(0x06, bytes.fromhex(curve_oid_hex))))
    return ("-----BEGIN EC PRIVATE KEY-----\n" + base64.encodebytes(der).decode()
            + "-----END EC PRIVATE KEY-----\n")


def parse_der_signature(sig):
    assert sig[0] == 0x30
    pos = 2 if sig[1] < 0x80 else 3
    values = []
    for _ in range(2):
        assert sig[pos] == 0x02
        n = sig[pos + 1]
        values.append(int.from_bytes(sig[pos + 2:pos + 2 + n], "big"))
        pos += 2 + n
    return values


def der_integer(n, extra_zeros=0):
    body = n.to_bytes(max(1, (n.bit_length() + 7) // 8), "big")
    if body[0] & 0x80:
        body = b"\x00" + body
    return tlv(0x02, b"\x00" * extra_zeros + body)


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    seeds = {}
    with tempfile.TemporaryDirectory() as tmp:
        challenge = os.path.join(tmp, "challenge")
        with open(challenge, "wb") as f:
            f.write(CHALLENGE)

        def sign(key, algorithm):
            curve, order_len = KEYS[key]
            digest = ALGORITHMS[algorithm] or ("sha256" if order_len == 32 else "sha384")
            pem = os.path.join(tmp, "key-%d.pem" % key)
            with open(pem, "w") as f:
                f.write(sec1_key_one(curve, order_len))
            sig = subprocess.run(["openssl", "pkeyutl", "-sign", "-inkey", pem, "-rawin", "-digest", digest,
                                  "-in", challenge], check=True, capture_output=True).stdout
            r, s = parse_der_signature(sig)
            return sig, r, s, order_len

        def plain(r, s, order_len):
            return r.to_bytes(order_len, "big") + s.to_bytes(order_len, "big")

        for key in (0, 1, 2):
            for algorithm, der in ((2, False), (7, True), (5, False), (4, True), (10, False)):
                sig, r, s, n = sign(key, algorithm)
                seeds["k%d-a%d-%s" % (key, algorithm, "der" if der else "plain")] = \
                    (key, algorithm, sig if der else plain(r, s, n))
        for algorithm, der in ((3, False), (8, True), (10, False)):
            sig, r, s, n = sign(3, algorithm)
            seeds["k3-a%d-%s" % (algorithm, "der" if der else "plain")] = \
                (3, algorithm, sig if der else plain(r, s, n))

        # refused: not strict DER, out of range, wrong length, unknown OID
        sig, r, s, n = sign(0, 7)
        seeds["der-trailing-byte"] = (0, 7, sig + b"\x00")
        seeds["der-padded-r"] = (0, 7, tlv(0x30, der_integer(r, 1) + der_integer(s)))
        seeds["der-long-form"] = (0, 7, b"\x30\x81" + sig[1:])
        seeds["der-r-zero"] = (0, 7, tlv(0x30, der_integer(0) + der_integer(s)))
        seeds["plain-short"] = (0, 2, plain(r, s, n)[:-1])
        seeds["plain-s-zero"] = (0, 2, plain(r, 0, n))
        seeds["unknown-oid"] = (0, 11, sig)
        seeds["rsa-not-iso9796"] = (RSA_KEY, 10, b"\x6A" + bytes(range(126)) + b"\xBC")
        seeds["rsa-short"] = (RSA_KEY, 10, b"\x01" * 64)

    for name, (key, algorithm, answer) in sorted(seeds.items()):
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(bytes([key, algorithm]) + answer)


if __name__ == "__main__":
    main()
