# SPDX-License-Identifier: GPL-3.0-or-later
"""Builds the files of an independent CCCD chip: EF.CardAccess, EF.COM, DG1,
DG2, DG3, DG13, DG14, DG15, EF.SOD (ICAO 9303-10, DOMAIN.md §2), and the
test PKI (openssl CLI)."""
import datetime
import hashlib
import math
import os
import subprocess
import tempfile
import unicodedata

from cccd_crypto import (oid_encode, check_digit, ID_PACE_ECDH_GM_AES128, ID_CA_ECDH_AES128,
                         ID_PK_ECDH, ID_AA, ID_EC_PUBLIC_KEY, HASH_OIDS, AA_OIDS, ID_LDS_SECURITY_OBJECT)

# ---------------------------------------------------------------------------
# DER


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([0x80 | len(b)]) + b


def tlv(tag, value):
    if isinstance(tag, int):
        tag = tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), 'big')
    return tag + der_len(len(value)) + value


def seq(*items):
    return tlv(0x30, b''.join(items))


def set_of(*items, sort=True):
    items = list(items)
    if sort:
        items.sort()
    return tlv(0x31, b''.join(items))


def integer(n):
    if n == 0:
        return b'\x02\x01\x00'
    b = n.to_bytes((n.bit_length() + 8) // 8, 'big')  # keeps a leading 0 where the top bit is set
    return tlv(0x02, b)


def oid(dotted):
    return tlv(0x06, oid_encode(dotted))


def octet(b):
    return tlv(0x04, b)


def bitstring(b):
    return tlv(0x03, b'\x00' + b)


def utf8(s):
    return tlv(0x0C, unicodedata.normalize('NFC', s).encode('utf-8'))


def printable(s):
    return tlv(0x13, s.encode('ascii'))


# ---------------------------------------------------------------------------
# A tiny baseline JPEG (grayscale, 16x16) written from ITU-T T.81.

_ZIGZAG = [0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27,
           20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
           58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63]
_QT = [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
       14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
       49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]
_DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
_DC_VALS = list(range(12))
_AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D]
_AC_VALS = [
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
    0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
    0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
    0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
    0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
    0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
    0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
    0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
    0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
    0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
    0xf9, 0xfa]


def _huff_codes(bits, vals):
    assert sum(bits) == len(vals)
    codes = {}
    code = 0
    k = 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


def _category(v):
    a = abs(v)
    n = a.bit_length()
    if v >= 0:
        return n, v
    return n, v + (1 << n) - 1


def make_jpeg(width=16, height=16, noise=0):
    assert width % 8 == 0 and height % 8 == 0
    assert set(_AC_VALS) == {0x00, 0xF0} | {(r << 4) | s for r in range(16) for s in range(1, 11)}
    import random
    rnd = random.Random(width * 1000 + height)
    dc = _huff_codes(_DC_BITS, _DC_VALS)
    ac = _huff_codes(_AC_BITS, _AC_VALS)
    # a face-ish picture: a bright oval on a darker background (plus noise for a bigger file)
    pix = [[max(0, min(255, 40 + (180 if ((x - width / 2 + .5) / (width * .35)) ** 2
                                  + ((y - height / 2 + .5) / (height * .45)) ** 2 < 1 else 0)
                    + (rnd.randint(-noise, noise) if noise else 0)))
            for x in range(width)] for y in range(height)]
    out_bits = []

    def put(code, length):
        for i in range(length - 1, -1, -1):
            out_bits.append((code >> i) & 1)

    cm = [[(1 / math.sqrt(2) if u == 0 else 1) * 0.5 * math.cos((2 * x + 1) * u * math.pi / 16) for x in range(8)]
          for u in range(8)]
    prev_dc = 0
    for by in range(0, height, 8):
        for bx in range(0, width, 8):
            blk = [[pix[by + y][bx + x] - 128 for x in range(8)] for y in range(8)]
            # separable 2-D DCT-II: rows then columns
            rows = [[sum(cm[u][x] * blk[y][x] for x in range(8)) for u in range(8)] for y in range(8)]
            coef = [0] * 64
            for v in range(8):
                for u in range(8):
                    coef[v * 8 + u] = int(round(sum(cm[v][y] * rows[y][u] for y in range(8)) / _QT[v * 8 + u]))
            zz = [coef[_ZIGZAG[i]] for i in range(64)]
            diff = zz[0] - prev_dc
            prev_dc = zz[0]
            n, bitsv = _category(diff)
            put(*dc[n])
            if n:
                put(bitsv, n)
            run = 0
            for i in range(1, 64):
                if zz[i] == 0:
                    run += 1
                    continue
                while run > 15:
                    put(*ac[0xF0])
                    run -= 16
                n, bitsv = _category(zz[i])
                put(*ac[(run << 4) | n])
                put(bitsv, n)
                run = 0
            if run:
                put(*ac[0x00])
    while len(out_bits) % 8:
        out_bits.append(1)
    scan = bytearray()
    for i in range(0, len(out_bits), 8):
        b = int(''.join(map(str, out_bits[i:i + 8])), 2)
        scan.append(b)
        if b == 0xFF:
            scan.append(0)

    def seg(marker, body):
        return bytes([0xFF, marker]) + (len(body) + 2).to_bytes(2, 'big') + body

    j = b'\xff\xd8'
    j += seg(0xE0, b'JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00')
    j += seg(0xDB, b'\x00' + bytes(_QT[_ZIGZAG[i]] for i in range(64)))
    j += seg(0xC0, b'\x08' + height.to_bytes(2, 'big') + width.to_bytes(2, 'big') + b'\x01\x01\x11\x00')
    j += seg(0xC4, b'\x00' + bytes(_DC_BITS) + bytes(_DC_VALS))
    j += seg(0xC4, b'\x10' + bytes(_AC_BITS) + bytes(_AC_VALS))
    j += seg(0xDA, b'\x01\x01\x00\x00\x3f\x00')
    j += bytes(scan) + b'\xff\xd9'
    return j


# ---------------------------------------------------------------------------
# Personal data and the expiry rule (DOMAIN.md §2)

def add_years(d, years):
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 Feb
        return d.replace(year=d.year + years, day=28)


def expiry_by_rule(dob, issue):
    """None = no expiry (991231)."""
    for age in (14, 25, 40, 60):
        birthday = add_years(dob, age)
        if birthday <= issue:
            continue
        if add_years(issue, 2) >= birthday:  # issued within 2 years before that age
            continue
        return birthday
    return None


def fold_ascii(s):
    s = s.replace('Đ', 'D').replace('đ', 'd')
    s = unicodedata.normalize('NFD', s)
    s = ''.join(ch for ch in s if not unicodedata.combining(ch))
    return s.upper()


def yymmdd(d):
    return d.strftime('%y%m%d')


class Person:
    def __init__(self, d):
        self.id = d['id']
        assert len(self.id) == 12 and self.id.isdigit()
        self.name = unicodedata.normalize('NFC', d['name'])
        parts = d['dob'].split('-')
        self.dob_parts = tuple(int(x) for x in parts)  # (y,), (y, m) or (y, m, d)
        self.dob = datetime.date(self.dob_parts[0], *(list(self.dob_parts[1:]) + [1, 1])[:2])
        self.sex = unicodedata.normalize('NFC', d.get('sex', 'Nam'))
        self.nationality = d.get('nationality', 'Việt Nam')
        self.ethnicity = d.get('ethnicity', 'Kinh')
        self.religion = d.get('religion', 'Không')
        self.origin = d.get('origin', 'Xã Tân Hội, Huyện Đan Phượng, Thành phố Hà Nội')
        self.residence = d.get('residence', 'Số 12 Ngõ 34 Láng Hạ, Phường Láng Thượng, Quận Đống Đa, Thành phố Hà Nội')
        self.features = d.get('features', 'Nốt ruồi C:2cm trên sau đuôi mắt trái')
        self.issue = datetime.date.fromisoformat(d.get('issue', '2021-04-05'))
        exp = d.get('expiry', 'rule')
        if exp == 'rule':
            self.expiry = expiry_by_rule(self.dob, self.issue)
        elif exp in (None, 'none', 'Không thời hạn'):
            self.expiry = None
        else:
            self.expiry = datetime.date.fromisoformat(exp)
        self.father = d.get('father', 'Nguyễn Văn Bình')
        self.mother = d.get('mother', 'Trần Thị Cúc')
        self.spouse = d.get('spouse')
        self.old_id = d.get('old_id', '012345678')
        self.chip_serial = d.get('chip_serial', '4E3A9C01B2D5F608')

    # MRZ / keys
    @property
    def docno(self):
        return self.id[-9:]

    @property
    def can(self):
        return self.id[-6:]

    @property
    def mrz_dob(self):
        # ICAO 9303-3: unknown parts of a date of birth are fillers
        y, m, dd = (list(self.dob_parts) + [None, None])[:3]
        return '%02d' % (y % 100) + ('%02d' % m if m else '<<') + ('%02d' % dd if dd else '<<')

    @property
    def dob_iso(self):
        return '-'.join(['%04d' % self.dob_parts[0]] + ['%02d' % x for x in self.dob_parts[1:]])

    @property
    def dob_ddmmyyyy(self):
        y, m, dd = (list(self.dob_parts) + [0, 0])[:3]
        return '%02d/%02d/%04d' % (dd, m, y)

    @property
    def mrz_doe(self):
        return '991231' if self.expiry is None else yymmdd(self.expiry)

    @property
    def mrz_sex(self):
        return 'F' if self.sex.startswith('N\u1eef') else 'M'

    def mrz_lines(self):
        l1 = 'IDVNM' + self.docno + check_digit(self.docno) + self.id + '<<' + check_digit(self.id)
        assert len(l1) == 30, l1
        l2 = self.mrz_dob + check_digit(self.mrz_dob) + self.mrz_sex + self.mrz_doe + check_digit(self.mrz_doe) + 'VNM'
        l2 += '<' * 11
        comp = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
        l2 += check_digit(comp)
        assert len(l2) == 30
        words = fold_ascii(self.name).split()
        name = words[0] + '<<' + '<'.join(words[1:])
        l3 = name[:30].ljust(30, '<')
        return l1, l2, l3

    def qr_text(self, with_old=True):
        f = [self.id]
        if with_old:
            f.append(self.old_id or '')
        f += [self.name, self.dob_ddmmyyyy.replace('/', ''), self.sex, self.residence, self.issue.strftime('%d%m%Y')]
        return '|'.join(f)


# ---------------------------------------------------------------------------
# Data groups

PACE_OIDS = {'3des': '0.4.0.127.0.7.2.2.4.2.1', 'aes128': '0.4.0.127.0.7.2.2.4.2.2',
             'aes192': '0.4.0.127.0.7.2.2.4.2.3', 'aes256': '0.4.0.127.0.7.2.2.4.2.4'}
CA_OIDS = {'3des': '0.4.0.127.0.7.2.2.3.2.1', 'aes128': '0.4.0.127.0.7.2.2.3.2.2',
           'aes192': '0.4.0.127.0.7.2.2.3.2.3', 'aes256': '0.4.0.127.0.7.2.2.3.2.4'}
ID_TA = '0.4.0.127.0.7.2.2.2'


def pace_infos(ciphers):
    return [seq(oid(PACE_OIDS[c]), integer(2), integer(13)) for c in ciphers]


def ef_card_access(with_pace=True, with_ca_info=True, ca_key_id=None, pace_ciphers=('aes128',), ta_info=False,
                   ca_cipher='aes128'):
    infos = []
    if with_pace:
        infos += pace_infos(pace_ciphers)
    if with_ca_info:
        infos.append(ca_info(ca_key_id, ca_cipher))
    if ta_info:
        infos.append(seq(oid(ID_TA), integer(1)))
    return set_of(*infos)


def ca_info(key_id=None, cipher='aes128'):
    body = oid(CA_OIDS[cipher]) + integer(1)
    if key_id is not None:
        body += integer(key_id)
    return seq(body)


def ec_spki(curve, point, explicit=False):
    if explicit:
        fieldid = seq(oid('1.2.840.10045.1.1'), integer(curve.p))
        sz = curve.size
        crv = seq(octet(curve.a.to_bytes(sz, 'big')), octet(curve.b.to_bytes(sz, 'big')))
        params = seq(integer(1), fieldid, crv, octet(curve.encode(curve.G)), integer(curve.n), integer(1))
    else:
        params = oid(curve.oid)
    return seq(seq(oid(ID_EC_PUBLIC_KEY), params), bitstring(curve.encode(point)))


def ef_com(dgs):
    tags = {1: 0x61, 2: 0x75, 3: 0x63, 4: 0x76, 5: 0x65, 7: 0x67, 11: 0x6B, 12: 0x6C, 13: 0x6D, 14: 0x6E, 15: 0x6F}
    body = tlv(0x5F01, b'0107') + tlv(0x5F36, b'040000') + tlv(0x5C, bytes(tags[d] for d in dgs))
    return tlv(0x60, body)


def dg1(person):
    return tlv(0x61, tlv(0x5F1F, ''.join(person.mrz_lines()).encode('ascii')))


def dg2(jpeg, width, height):
    facial_info = (2).to_bytes(2, 'big')  # placeholder, replaced below
    # ISO/IEC 19794-5:2005 facial record
    fi = bytearray()
    fi += (0).to_bytes(2, 'big')         # number of feature points
    fi += b'\x01'                         # gender: male
    fi += b'\x00'                         # eye colour unspecified
    fi += b'\x00'                         # hair colour unspecified
    fi += b'\x00\x00\x00'                 # feature mask
    fi += b'\x00\x00'                     # expression
    fi += b'\x00\x00\x00'                 # pose angle
    fi += b'\x00\x00\x00'                 # pose angle uncertainty
    ii = bytearray()
    ii += b'\x01'                         # face image type: full frontal
    ii += b'\x00'                         # image data type: JPEG
    ii += width.to_bytes(2, 'big') + height.to_bytes(2, 'big')
    ii += b'\x01'                         # colour space: sRGB (grey here, unspecified is 0)
    ii += b'\x02'                         # source type: digital still
    ii += b'\x00\x00'                     # device type
    ii += b'\x00\x00'                     # quality
    block = fi + ii + jpeg
    block_len = 4 + len(block)
    rec = b'FAC\x00' + b'010\x00' + (14 + block_len).to_bytes(4, 'big') + (1).to_bytes(2, 'big')
    rec += block_len.to_bytes(4, 'big') + block
    del facial_info
    bht = tlv(0x80, b'\x01\x01') + tlv(0x81, b'\x02') + tlv(0x87, b'\x01\x01') + tlv(0x88, b'\x00\x08')
    bit = tlv(0x7F60, tlv(0xA1, bht) + tlv(0x5F2E, bytes(rec)))
    return tlv(0x75, tlv(0x7F61, tlv(0x02, b'\x01') + bit))


def dg3():
    # content is never served (6982); its hash is still in the SOD like on real cards
    return tlv(0x63, tlv(0x7F61, tlv(0x02, b'\x00')))


def ddmmyyyy(d):
    return d.strftime('%d/%m/%Y')


def dg13(person, container='set', parents='one-sequence', order='entry', ascii_types=False):
    """ascii_types: the ASCII fields in the other ASCII string types an ASN.1
    writer may choose (X.680): the ID number a NumericString, the dates
    IA5Strings, the old ID a VisibleString, entry 16 an IA5String."""
    entries = []
    numeric = (lambda s: tlv(0x12, s.encode('ascii'))) if ascii_types else printable
    ia5 = (lambda s: tlv(0x16, s.encode('ascii'))) if ascii_types else printable
    visible = (lambda s: tlv(0x1A, s.encode('ascii'))) if ascii_types else printable

    def e(n, value):
        entries.append(seq(integer(n), value))

    def utf8(v):  # absent entries are left out (DOMAIN.md: never parse by position)
        return None if v is None else globals()['utf8'](v)

    _e = e

    def e(n, value):  # noqa: F811
        if value is not None:
            _e(n, value)
    e(1, numeric(person.id))
    e(2, utf8(person.name))
    e(3, ia5(person.dob_ddmmyyyy))
    e(4, utf8(person.sex))
    e(5, utf8(person.nationality))
    e(6, utf8(person.ethnicity))
    e(7, utf8(person.religion))
    e(8, utf8(person.origin))
    e(9, utf8(person.residence))
    e(10, utf8(person.features))
    e(11, ia5(ddmmyyyy(person.issue)))
    e(12, utf8('Không thời hạn' if person.expiry is None else ddmmyyyy(person.expiry)))
    if parents == 'one-sequence':
        e(13, seq(utf8(person.father), utf8(person.mother)))
    else:
        e(13, seq(utf8(person.father)) + seq(utf8(person.mother)))
    if person.spouse:
        if parents == 'one-sequence':
            e(14, seq(utf8(person.spouse)))
        else:
            e(14, seq(utf8(person.spouse)))
    if person.old_id:
        e(15, visible(person.old_id))
    e(16, ia5(person.chip_serial))
    if order == 'sorted':
        entries.sort()  # DER order of a SET OF
    if container == 'set':
        # a SET as written on real cards: kept in entry order (readers key by number)
        box = tlv(0x31, b''.join(entries))
    else:
        box = tlv(0x30, b''.join(entries))
    return tlv(0x6D, seq(integer(1), oid('1.0.10646.1.0.8'), box))


def dg14(ca_spki=None, ca_key_id=None, with_pace=True, aa_oid=None, pace_ciphers=('aes128',), ta_info=False,
         ca_cipher='aes128'):
    infos = []
    if ta_info:
        infos.append(seq(oid(ID_TA), integer(1)))
    if ca_spki is not None:
        infos.append(ca_info(ca_key_id, ca_cipher))
        body = oid(ID_PK_ECDH) + ca_spki
        if ca_key_id is not None:
            body += integer(ca_key_id)
        infos.append(seq(body))
    if with_pace:
        infos += pace_infos(pace_ciphers)
    if aa_oid:
        infos.append(seq(oid(ID_AA), integer(1), oid(aa_oid)))
    return tlv(0x6E, set_of(*infos))


def dg15(spki):
    return tlv(0x6F, spki)


def rsa_spki(n, e):
    rsapub = seq(integer(n), integer(e))
    return seq(seq(oid('1.2.840.113549.1.1.1'), b'\x05\x00'), bitstring(rsapub))


def lds_security_object(hash_name, dg_contents, lds_v1=False, hash_null=False):
    h = getattr(hashlib, hash_name)
    hashes = [seq(integer(n), octet(h(c).digest())) for n, c in sorted(dg_contents.items())]
    alg = seq(oid(HASH_OIDS[hash_name]) + (b'\x05\x00' if hash_null else b''))
    if lds_v1:  # ICAO 9303-10 LDS 1.8: version 1 with LDSVersionInfo
        return seq(integer(1), alg, seq(*hashes), seq(printable('0108'), printable('040000')))
    return seq(integer(0), alg, seq(*hashes))


# ---------------------------------------------------------------------------
# PKI and SOD through the openssl command

def _run(args, **kw):
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    if r.returncode:
        raise RuntimeError('%s failed: %s' % (' '.join(args), r.stderr.decode(errors='replace')))
    return r.stdout


def _genkey(path, kind):
    explicit = kind.endswith('-explicit')
    kind = kind.replace('-explicit', '')
    enc = 'explicit' if explicit else 'named_curve'
    curves = {'ecdsa-p256': 'P-256', 'ecdsa-p384': 'P-384', 'ecdsa-brainpool': 'brainpoolP256r1'}
    if kind in curves:
        a = ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:' + curves[kind], '-pkeyopt', 'ec_param_enc:' + enc]
    else:
        a = ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']
    _run(['openssl', 'genpkey'] + a + ['-out', path])


CSCAS = {
    # name: (key kind, subject, into the trust dir?)
    'named': ('ecdsa-p384', '/C=VN/O=Independent Test Chip/serialNumber=001/CN=CSCA Independent Test', True),
    'explicit': ('ecdsa-p384-explicit', '/C=VN/O=Independent Test Chip/serialNumber=002/CN=CSCA Independent Test explicit', True),
    'other': ('ecdsa-p384', '/C=VN/O=Somebody Else/serialNumber=003/CN=CSCA Not Trusted', False),
}


def ensure_pki(pki_dir, ds_kind, csca='named'):
    """A CSCA (ECDSA P-384/SHA-384, like the Vietnamese root; 'explicit': its key
    with explicit curve parameters; 'other': one the reader does not trust) and a
    Document Signer per kind under it. Trusted CSCA certificates go to
    PKI_DIR/trust/ (the reader's trust dir)."""
    kind, subject, trusted = CSCAS[csca]
    os.makedirs(os.path.join(pki_dir, 'trust'), exist_ok=True)
    os.makedirs(os.path.join(pki_dir, 'untrusted'), exist_ok=True)
    tag = '' if csca == 'named' else '-' + csca
    ckey = os.path.join(pki_dir, 'csca%s.key' % tag)
    cpem = os.path.join(pki_dir, 'trust' if trusted else 'untrusted', 'csca%s.pem' % tag)
    if not os.path.exists(cpem):
        _genkey(ckey, kind)
        _run(['openssl', 'req', '-new', '-x509', '-key', ckey, '-sha384', '-days', '7300',
              '-subj', subject, '-set_serial', str(int.from_bytes(os.urandom(8), 'big')),
              '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0',
              '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
              '-addext', 'subjectKeyIdentifier=hash',
              '-out', cpem + '.tmp'])
        os.rename(cpem + '.tmp', cpem)
    dkey = os.path.join(pki_dir, 'ds-%s%s.key' % (ds_kind, tag))
    dpem = os.path.join(pki_dir, 'ds-%s%s.pem' % (ds_kind, tag))
    if not os.path.exists(dpem):
        _genkey(dkey, ds_kind)
        csr = dpem + '.csr'
        _run(['openssl', 'req', '-new', '-key', dkey, '-subj',
              '/C=VN/O=Independent Test Chip/CN=Document Signer %s%s' % (ds_kind, tag), '-out', csr])
        ext = dpem + '.ext'
        with open(ext, 'w') as f:
            f.write('keyUsage=critical,digitalSignature\n'
                    'subjectKeyIdentifier=hash\n'
                    'authorityKeyIdentifier=keyid\n')
        serial = str(int.from_bytes(os.urandom(8), 'big'))
        _run(['openssl', 'x509', '-req', '-in', csr, '-CA', cpem, '-CAkey', ckey, '-sha384',
              '-set_serial', serial, '-days', '3650', '-extfile', ext, '-out', dpem + '.tmp'])
        os.rename(dpem + '.tmp', dpem)
        os.unlink(csr)
        os.unlink(ext)
    return cpem, dpem, dkey


def make_sod(pki_dir, ds_kind, hash_name, dg_contents, csca='named', keyid=False, lds_v1=False, hash_null=False):
    _, dpem, dkey = ensure_pki(pki_dir, ds_kind, csca)
    lds = lds_security_object(hash_name, dg_contents, lds_v1, hash_null)
    with tempfile.TemporaryDirectory() as td:
        inp = os.path.join(td, 'lds.der')
        with open(inp, 'wb') as f:
            f.write(lds)
        args = ['openssl', 'cms', '-sign', '-in', inp, '-binary', '-nodetach', '-outform', 'DER',
                '-econtent_type', ID_LDS_SECURITY_OBJECT, '-signer', dpem, '-inkey', dkey,
                '-md', hash_name, '-nosmimecap', '-out', os.path.join(td, 'sod.der')]
        if ds_kind.startswith('rsa-pss'):
            args += ['-keyopt', 'rsa_padding_mode:pss', '-keyopt', 'rsa_pss_saltlen:digest']
        if keyid:
            args.append('-keyid')
        _run(args)
        with open(os.path.join(td, 'sod.der'), 'rb') as f:
            ci = f.read()
    return tlv(0x77, ci)
