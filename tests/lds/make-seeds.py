#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpora of the LDS fuzz targets (seeds/<name>/).

Run once by hand; the output is committed. DG15 and EF.SOD seeds use the
openssl command line for keys and CMS; everything else is plain DER built
here. All personal data is invented."""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def length(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, value):
    t = tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big")
    return t + length(len(value)) + value


def integer(n):
    return tlv(0x02, n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big"))


def oid(text):
    arcs = [int(a) for a in text.split(".")]
    out = bytearray()
    for i, arc in enumerate([arcs[0] * 40 + arcs[1]] + arcs[2:]):
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.insert(0, 0x80 | (arc & 0x7F))
            arc >>= 7
        out += bytes(chunk)
    return tlv(0x06, bytes(out))


def seq(*items):
    return tlv(0x30, b"".join(items))


def utf8(s):
    return tlv(0x0C, s.encode())


def printable(s):
    return tlv(0x13, s.encode())


def check_digit(s):
    weights = [7, 3, 1]
    total = 0
    for i, c in enumerate(s):
        v = int(c) if c.isdigit() else (ord(c) - 55 if c.isalpha() else 0)
        total += v * weights[i % 3]
    return str(total % 10)


def td1_mrz(id12, birth, sex, expiry, surname, given):
    doc = id12[3:]
    opt1 = (id12 + check_digit(id12)).ljust(15, "<")
    line1 = "IDVNM" + doc + check_digit(doc) + opt1
    line2 = birth + check_digit(birth) + sex + expiry + check_digit(expiry) + "VNM" + "<" * 11
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    line2 += check_digit(composite)
    line3 = (surname + "<<" + given.replace(" ", "<")).ljust(30, "<")[:30]
    assert len(line1) == len(line2) == len(line3) == 30
    return line1 + line2 + line3


ONLY = set()


def write(name, file, data):
    if ONLY and name not in ONLY:
        return
    d = os.path.join(HERE, "seeds", name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, file), "wb") as f:
        f.write(data)


def bmp(s):
    return tlv(0x1E, s.encode("utf-16-be"))


def dg13(parents_nested_once=True, no_expiry=False, container="set", bad_religion=False, year_only=False,
         shuffled=False):
    """DG13 as DOMAIN.md §2 shows real cards: 6D { SEQUENCE { INTEGER 1,
    OID 1.0.10646.1.0.8, SET { SEQUENCE { INTEGER n, value }... } } }, or one
    of the other layouts a reader must also take (sequence: entries after
    the header; flat: no SEQUENCE; extra-sequence: one more around)."""
    entries = [
        seq(integer(1), printable("001099012345")),
        seq(integer(2), utf8("Nguyễn Văn An")),
        seq(integer(3), printable("00/00/1940" if year_only else "15/08/1990")),
        seq(integer(4), utf8("Nam")),
        seq(integer(5), utf8("Việt Nam")),
        seq(integer(6), utf8("Kinh")),
        # a BMPString: the reader skips this entry with a warning
        seq(integer(7), bmp("Không") if bad_religion else utf8("Không")),
        seq(integer(8), utf8("Xã Tân Hòa, Huyện Phú Tân, An Giang")),
        seq(integer(9), utf8("Số 12, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh")),
        seq(integer(10), utf8("Nốt ruồi cách 2cm trên đầu mày trái")),
        seq(integer(11), printable("10/05/2021")),
        seq(integer(12), utf8("Không thời hạn" if no_expiry else "15/08/2030")),
    ]
    if parents_nested_once:
        entries.append(seq(integer(13), seq(utf8("Nguyễn Văn Bình"), utf8("Trần Thị Cúc"))))
    else:
        entries.append(seq(integer(13), seq(utf8("Nguyễn Văn Bình")), seq(utf8("Trần Thị Cúc"))))
    entries.append(seq(integer(14), seq(utf8("Lê Thị Dung"))))
    entries.append(seq(integer(15), printable("385123456")))
    entries.append(seq(integer(16), printable("ABCDEF0123456789")))
    if shuffled:
        entries = [entries[n - 1] for n in (9, 2, 13, 1, 16, 5, 12, 3, 7, 15, 11, 4, 14, 6, 10, 8)]
    header = integer(1) + oid("1.0.10646.1.0.8")
    if container == "set":
        return tlv(0x6D, seq(header, tlv(0x31, b"".join(entries))))
    if container == "sequence":
        return tlv(0x6D, seq(header, *entries))
    if container == "flat":
        return tlv(0x6D, header + b"".join(entries))
    assert container == "extra-sequence"
    return tlv(0x6D, seq(seq(header, tlv(0x31, b"".join(entries)))))


def facial_record(image, data_type, width, height):
    image_info = bytes([1, data_type]) + width.to_bytes(2, "big") + height.to_bytes(2, "big") + bytes([1, 2, 0, 0, 0, 0])
    facial_info_len = 20 + len(image_info) + len(image)
    facial_info = facial_info_len.to_bytes(4, "big") + bytes(2) + bytes(14)
    record_len = 14 + facial_info_len
    return b"FAC\x00" + b"010\x00" + record_len.to_bytes(4, "big") + (1).to_bytes(2, "big") + facial_info + image_info + image


def dg2(image, data_type, width, height, bdb_tag=0x5F2E):
    header = tlv(0xA1, tlv(0x80, b"\x01\x01") + tlv(0x87, b"\x01\x01") + tlv(0x88, b"\x00\x08"))
    bit = tlv(0x7F60, header + tlv(bdb_tag, facial_record(image, data_type, width, height)))
    return tlv(0x75, tlv(0x7F61, integer(1) + bit))


TINY_JPEG = bytes.fromhex("FFD8FFE000104A46494600010100000100010000FFD9")
TINY_JP2 = bytes.fromhex("0000000C6A5020200D0A870A") + b"\0" * 8


def openssl(*args, stdin=None):
    return subprocess.run(["openssl", *args], check=True, capture_output=True, input=stdin).stdout


def main(only):
    """only: the seed folders to write (e.g. dg13), or every one when none
    is named; the DG15 and EF.SOD seeds get new keys each time."""
    ONLY.update(only)
    # TLV: short, long, multi-byte tags, nested
    write("tlv", "nested", tlv(0x77, tlv(0x5F01, b"0107") + tlv(0x7F61, integer(1))))
    write("tlv", "long", tlv(0x04, b"\xAA" * 300))
    write("tlv", "three-byte-tag", tlv(0x5F8101, b"x") + tlv(0x9F, b""))

    com = tlv(0x60, tlv(0x5F01, b"0107") + tlv(0x5F36, b"040000") + tlv(0x5C, bytes([0x61, 0x75, 0x63, 0x6D, 0x6E, 0x6F])))
    write("com", "cccd", com)

    mrz = td1_mrz("001099012345", "900815", "M", "300815", "NGUYEN", "VAN AN")
    write("dg1", "cccd", tlv(0x61, tlv(0x5F1F, mrz.encode())))
    write("dg1", "no-expiry", tlv(0x61, tlv(0x5F1F, td1_mrz("001060012345", "600101", "F", "991231", "TRAN", "THI CUC").encode())))

    write("dg13", "set-nested-once", dg13(True))
    write("dg13", "set-nested-twice-no-expiry", dg13(False, True))
    write("dg13", "set-bmp-religion-warning", dg13(bad_religion=True))
    write("dg13", "sequence-nested-once", dg13(True, container="sequence"))
    write("dg13", "flat-year-only", dg13(container="flat", year_only=True))
    write("dg13", "extra-sequence-shuffled", dg13(False, container="extra-sequence", shuffled=True))

    write("dg2", "jpeg", dg2(TINY_JPEG, 0, 480, 640))
    write("dg2", "jp2-7f2e", dg2(TINY_JP2, 1, 240, 320, 0x7F2E))

    card_access = bytes.fromhex("31143012060A04007F0007020204020202010202010D")
    write("security-infos", "card-access", card_access)
    # a PACEInfo whose version is a PrintableString, after a good DH one;
    # then an element whose length runs past the SET
    pace_dh = seq(oid("0.4.0.127.0.7.2.2.4.1.1"), integer(2), integer(0))
    pace_bad = seq(oid("0.4.0.127.0.7.2.2.4.2.2"), tlv(0x13, b"2"), integer(13))
    write("security-infos", "card-access-one-unreadable", tlv(0x31, pace_dh + pace_bad))
    write("security-infos", "card-access-cut-element", tlv(0x31, pace_dh + bytes.fromhex("3010060A")))
    with tempfile.TemporaryDirectory() as tmp:
        key = os.path.join(tmp, "key.pem")
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:brainpoolP256r1", "-out", key)
        ec_spki = openssl("pkey", "-in", key, "-pubout", "-outform", "DER")
        ca_pk = seq(oid("0.4.0.127.0.7.2.2.1.2"), ec_spki)
        ca = seq(oid("0.4.0.127.0.7.2.2.3.2.2"), integer(1))
        aa = seq(oid("2.23.136.1.1.5"), integer(1), oid("0.4.0.127.0.7.1.1.4.1.3"))
        ta = seq(oid("0.4.0.127.0.7.2.2.2"), integer(1))
        write("security-infos", "dg14", tlv(0x6E, tlv(0x31, ca_pk + ca + aa + ta)))
        # one SecurityInfo unreadable among good ones: the key in an OCTET
        # STRING instead of a SubjectPublicKeyInfo
        broken_pk = seq(oid("0.4.0.127.0.7.2.2.1.2"), tlv(0x04, ec_spki))
        write("security-infos", "dg14-one-unreadable", tlv(0x6E, tlv(0x31, ca + broken_pk + aa)))
        write("dg15", "brainpool", tlv(0x6F, ec_spki))

        rsa = os.path.join(tmp, "rsa.pem")
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", rsa)
        write("dg15", "rsa", tlv(0x6F, openssl("pkey", "-in", rsa, "-pubout", "-outform", "DER")))

        # EF.SOD: hashes of the seeds above, signed by a throwaway DS key
        import hashlib
        files = {1: tlv(0x61, tlv(0x5F1F, mrz.encode())), 13: dg13(True), 15: tlv(0x6F, ec_spki)}
        lso = seq(integer(0), seq(oid("2.16.840.1.101.3.4.2.1"), tlv(0x05, b"")),
                  seq(*[seq(integer(n), tlv(0x04, hashlib.sha256(d).digest())) for n, d in sorted(files.items())]))
        cert = os.path.join(tmp, "ds.pem")
        openssl("req", "-new", "-x509", "-key", key, "-subj", "/C=VN/CN=Test DS", "-days", "3650", "-out", cert)
        lso_path = os.path.join(tmp, "lso.der")
        with open(lso_path, "wb") as f:
            f.write(lso)
        cms = openssl("cms", "-sign", "-binary", "-nodetach", "-in", lso_path, "-signer", cert, "-inkey", key,
                      "-econtent_type", "2.23.136.1.1.1", "-md", "sha256", "-outform", "DER", "-nosmimecap")
        write("sod", "ecdsa-sha256", tlv(0x77, cms))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
