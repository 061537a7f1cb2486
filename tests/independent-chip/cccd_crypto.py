# SPDX-License-Identifier: GPL-3.0-or-later
"""Crypto for the independent CCCD chip emulation.

Written from ICAO Doc 9303 part 11 (BAC, PACE, chip authentication, secure
messaging) and BSI TR-03110; nothing here is taken from the product.
Elliptic-curve arithmetic is plain Python over the published curve
parameters; block ciphers, hashes and CMAC come from python3-cryptography.
"""
import hashlib
import os

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.cmac import CMAC

# ---------------------------------------------------------------------------
# Elliptic curves (short Weierstrass, prime field), Jacobian coordinates.


class Curve:
    def __init__(self, name, p, a, b, gx, gy, n, oid):
        self.name, self.p, self.a, self.b, self.n, self.oid = name, p, a, b, n, oid
        self.G = (gx, gy)
        self.size = (p.bit_length() + 7) // 8

    def on_curve(self, P):
        if P is None:
            return False
        x, y = P
        if not (0 <= x < self.p and 0 <= y < self.p):
            return False
        return (y * y - (x * x * x + self.a * x + self.b)) % self.p == 0

    # Jacobian helpers
    def _dbl(self, X, Y, Z):
        p = self.p
        if Y == 0 or Z == 0:
            return (0, 1, 0)
        YY = Y * Y % p
        S = 4 * X * YY % p
        ZZ = Z * Z % p
        M = (3 * X * X + self.a * ZZ * ZZ) % p
        X3 = (M * M - 2 * S) % p
        Y3 = (M * (S - X3) - 8 * YY * YY) % p
        Z3 = 2 * Y * Z % p
        return (X3, Y3, Z3)

    def _add(self, P, Q):
        X1, Y1, Z1 = P
        X2, Y2, Z2 = Q
        p = self.p
        if Z1 == 0:
            return Q
        if Z2 == 0:
            return P
        Z1Z1 = Z1 * Z1 % p
        Z2Z2 = Z2 * Z2 % p
        U1 = X1 * Z2Z2 % p
        U2 = X2 * Z1Z1 % p
        S1 = Y1 * Z2 * Z2Z2 % p
        S2 = Y2 * Z1 * Z1Z1 % p
        if U1 == U2:
            if S1 != S2:
                return (0, 1, 0)
            return self._dbl(X1, Y1, Z1)
        H = (U2 - U1) % p
        R = (S2 - S1) % p
        HH = H * H % p
        HHH = H * HH % p
        V = U1 * HH % p
        X3 = (R * R - HHH - 2 * V) % p
        Y3 = (R * (V - X3) - S1 * HHH) % p
        Z3 = H * Z1 * Z2 % p
        return (X3, Y3, Z3)

    def _affine(self, J):
        X, Y, Z = J
        if Z == 0:
            return None
        zi = pow(Z, -1, self.p)
        zi2 = zi * zi % self.p
        return (X * zi2 % self.p, Y * zi2 * zi % self.p)

    def mul(self, k, P):
        if P is None or k % self.n == 0:
            return None
        k = k % self.n
        R = (0, 1, 0)
        J = (P[0], P[1], 1)
        for bit in bin(k)[2:]:
            R = self._dbl(*R)
            if bit == '1':
                R = self._add(R, J)
        return self._affine(R)

    def add(self, P, Q):
        if P is None:
            return Q
        if Q is None:
            return P
        return self._affine(self._add((P[0], P[1], 1), (Q[0], Q[1], 1)))

    def encode(self, P):
        return b'\x04' + P[0].to_bytes(self.size, 'big') + P[1].to_bytes(self.size, 'big')

    def decode(self, data):
        if len(data) != 1 + 2 * self.size or data[0] != 4:
            raise ValueError('not an uncompressed point of this curve')
        P = (int.from_bytes(data[1:1 + self.size], 'big'), int.from_bytes(data[1 + self.size:], 'big'))
        if not self.on_curve(P):
            raise ValueError('point not on curve')
        return P

    def random_scalar(self):
        while True:
            k = int.from_bytes(os.urandom(self.size + 8), 'big') % self.n
            if k:
                return k


BRAINPOOL_P256R1 = Curve(
    'brainpoolP256r1',
    0xA9FB57DBA1EEA9BC3E660A909D838D726E3BF623D52620282013481D1F6E5377,
    0x7D5A0975FC2C3057EEF67530417AFFE7FB8055C126DC5C6CE94A4B44F330B5D9,
    0x26DC5C6CE94A4B44F330B5D9BBD77CBF958416295CF7E1CE6BCCDC18FF8C07B6,
    0x8BD2AEB9CB7E57CB2C4B482FFC81B7AFB9DE27E1E3BD23C23A4453BD9ACE3262,
    0x547EF835C3DAC4FD97F8461A14611DC9C27745132DED8E545C1D54C72F046997,
    0xA9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7,
    '1.3.36.3.3.2.8.1.1.7')

NIST_P256 = Curve(
    'secp256r1',
    0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF,
    0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC,
    0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B,
    0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
    0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
    0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
    '1.2.840.10045.3.1.7')

CURVES = {'brainpool': BRAINPOOL_P256R1, 'p256': NIST_P256}

# ---------------------------------------------------------------------------
# Block ciphers and MACs


def des3_cbc(key, data, iv=bytes(8), decrypt=False):
    c = Cipher(algorithms.TripleDES(key), modes.CBC(iv))
    op = c.decryptor() if decrypt else c.encryptor()
    return op.update(data) + op.finalize()


def des_single(key8, data, decrypt=False):
    c = Cipher(algorithms.TripleDES(key8), modes.ECB())
    op = c.decryptor() if decrypt else c.encryptor()
    return op.update(data) + op.finalize()


def aes_cbc(key, data, iv=bytes(16), decrypt=False):
    c = Cipher(algorithms.AES(key), modes.CBC(iv))
    op = c.decryptor() if decrypt else c.encryptor()
    return op.update(data) + op.finalize()


def aes_ecb(key, data):
    e = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return e.update(data) + e.finalize()


def pad(data, block):
    """ISO/IEC 9797-1 padding method 2."""
    data = data + b'\x80'
    while len(data) % block:
        data += b'\x00'
    return data


def unpad(data):
    i = len(data) - 1
    while i >= 0 and data[i] == 0:
        i -= 1
    if i < 0 or data[i] != 0x80:
        raise ValueError('bad padding')
    return data[:i]


def retail_mac(key16, data):
    """ISO/IEC 9797-1 MAC algorithm 3 (DES, retail), data already padded."""
    k1, k2 = key16[:8], key16[8:16]
    h = bytes(8)
    for i in range(0, len(data), 8):
        blk = bytes(a ^ b for a, b in zip(h, data[i:i + 8]))
        h = des_single(k1, blk)
    h = des_single(k2, h, decrypt=True)
    return des_single(k1, h)


def aes_cmac(key, data):
    c = CMAC(algorithms.AES(key))
    c.update(data)
    return c.finalize()


def adjust_parity(key):
    out = bytearray()
    for b in key:
        b &= 0xFE
        if bin(b).count('1') % 2 == 0:
            b |= 1
        out.append(b)
    return bytes(out)


def kdf(secret, counter, cipher='aes128'):
    """ICAO 9303-11 §9.7.1 key derivation function."""
    c = counter.to_bytes(4, 'big')
    if cipher == '3des':
        return adjust_parity(hashlib.sha1(secret + c).digest()[:16])
    if cipher == 'aes128':
        return hashlib.sha1(secret + c).digest()[:16]
    if cipher == 'aes192':
        return hashlib.sha256(secret + c).digest()[:24]
    if cipher == 'aes256':
        return hashlib.sha256(secret + c).digest()
    raise ValueError(cipher)


# ---------------------------------------------------------------------------
# MRZ helpers

def check_digit(s):
    weights = (7, 3, 1)
    total = 0
    for i, ch in enumerate(s):
        if ch.isdigit():
            v = int(ch)
        elif 'A' <= ch <= 'Z':
            v = ord(ch) - 55
        elif ch == '<':
            v = 0
        else:
            raise ValueError('bad MRZ char %r' % ch)
        total += v * weights[i % 3]
    return str(total % 10)


def mrz_information(docno, dob, doe):
    """Document number (padded to 9 with <), birth and expiry YYMMDD, each with check digit."""
    docno = docno.ljust(9, '<')
    return docno + check_digit(docno) + dob + check_digit(dob) + doe + check_digit(doe)


# ---------------------------------------------------------------------------
# Secure messaging (ICAO 9303-11 §9.8)

class SMError(Exception):
    def __init__(self, sw):
        super().__init__('SM error %04X' % sw)
        self.sw = sw


def _ber_len(n):
    if n < 0x80:
        return bytes([n])
    if n < 0x100:
        return bytes([0x81, n])
    return bytes([0x82, n >> 8, n & 0xFF])


def parse_tlvs(data):
    """Flat BER-TLV parse -> list of (tag:int, value:bytes, raw:bytes)."""
    out = []
    i = 0
    while i < len(data):
        start = i
        tag = data[i]
        i += 1
        if tag & 0x1F == 0x1F:
            while True:
                tag = (tag << 8) | data[i]
                i += 1
                if not data[i - 1] & 0x80:
                    break
        if i >= len(data):
            raise ValueError('truncated TLV')
        ln = data[i]
        i += 1
        if ln & 0x80:
            nb = ln & 0x7F
            if nb == 0 or nb > 3:
                raise ValueError('bad length')
            ln = int.from_bytes(data[i:i + nb], 'big')
            i += nb
        if i + ln > len(data):
            raise ValueError('TLV runs past data')
        out.append((tag, data[i:i + ln], data[start:i + ln]))
        i += ln
    return out


class SecureMessaging:
    def __init__(self, kind, ksenc, ksmac, ssc=0):
        assert kind in ('3des', 'aes')
        self.kind, self.ksenc, self.ksmac, self.ssc = kind, ksenc, ksmac, ssc
        self.block = 8 if kind == '3des' else 16

    def ssc_bytes(self):
        return self.ssc.to_bytes(self.block, 'big')

    def mac(self, data):
        m = pad(self.ssc_bytes() + data, self.block)
        if self.kind == '3des':
            return retail_mac(self.ksmac, m)
        return aes_cmac(self.ksmac, m)[:8]

    def _iv(self):
        if self.kind == '3des':
            return bytes(8)
        return aes_ecb(self.ksenc, self.ssc_bytes())

    def encrypt(self, data):
        p = pad(data, self.block)
        if self.kind == '3des':
            return des3_cbc(self.ksenc, p, self._iv())
        return aes_cbc(self.ksenc, p, self._iv())

    def decrypt(self, data):
        if len(data) % self.block:
            raise ValueError('cryptogram not block aligned')
        if self.kind == '3des':
            p = des3_cbc(self.ksenc, data, self._iv(), decrypt=True)
        else:
            p = aes_cbc(self.ksenc, data, self._iv(), decrypt=True)
        return unpad(p)

    # --- terminal side (used by the self-tests) ---
    def wrap_command(self, cla, ins, p1, p2, data=b'', le=None):
        self.ssc += 1
        hdr = bytes([cla | 0x0C, ins, p1, p2])
        dos = b''
        if data:
            c = self.encrypt(data)
            if ins & 1:
                dos += b'\x85' + _ber_len(len(c)) + c
            else:
                dos += b'\x87' + _ber_len(len(c) + 1) + b'\x01' + c
        if le is not None:
            dos += b'\x97\x01' + bytes([le & 0xFF])
        m = self.mac(pad(hdr, self.block) + dos)
        body = dos + b'\x8e\x08' + m
        return hdr + bytes([len(body)]) + body + b'\x00'

    def unwrap_response(self, rapdu):
        self.ssc += 1
        body, sw = rapdu[:-2], rapdu[-2:]
        tl = parse_tlvs(body)
        maced = b''
        data = b''
        inner = None
        mac = None
        for tag, val, raw in tl:
            if tag == 0x8E:
                mac = val
            else:
                maced += raw
            if tag == 0x87:
                data = self.decrypt(val[1:])
            elif tag == 0x99:
                inner = val
        if mac != self.mac(maced):
            raise ValueError('response MAC mismatch')
        return data, inner or sw

    # --- card side ---
    def unwrap_command(self, apdu, extended_ok=False):
        """Return (cla, ins, p1, p2, data, le) of the plain command, or raise SMError.
        self.last_extended tells whether the command used extended length fields."""
        self.ssc += 1
        cla, ins, p1, p2 = apdu[:4]
        self.last_extended = False
        if len(apdu) <= 5:
            raise SMError(0x6987)
        lc = apdu[4]
        if lc == 0:
            if not extended_ok or len(apdu) < 7:
                raise SMError(0x6987)  # extended length not supported here
            lc = int.from_bytes(apdu[5:7], 'big')
            body = apdu[7:7 + lc]
            if lc == 0 or len(body) != lc or len(apdu) - 7 - lc not in (0, 2):
                raise SMError(0x6987)
            self.last_extended = True
        else:
            body = apdu[5:5 + lc]
            if len(body) != lc or len(apdu) - 5 - lc not in (0, 1):
                raise SMError(0x6987)
        try:
            tl = parse_tlvs(body)
        except (ValueError, IndexError):
            raise SMError(0x6988)
        if not tl or tl[-1][0] != 0x8E:
            raise SMError(0x6987)
        maced = b''
        for tag, val, raw in tl[:-1]:
            maced += raw
        hdr = bytes([cla, ins, p1, p2])
        if self.mac(pad(hdr, self.block) + maced) != tl[-1][1]:
            raise SMError(0x6988)
        data = b''
        le = None
        for tag, val, raw in tl[:-1]:
            # DO'85' goes with an odd instruction (its data BER-TLV coded),
            # DO'87' with an even one (ICAO 9303-11 §9.8.6): the other is refused
            if (tag == 0x85 and not ins & 1) or (tag == 0x87 and ins & 1):
                raise SMError(0x6988)
            if tag == 0x87:
                if not val or val[0] != 1:
                    raise SMError(0x6988)
                try:
                    data = self.decrypt(val[1:])
                except ValueError:
                    raise SMError(0x6988)
            elif tag == 0x85:
                try:
                    data = self.decrypt(val)
                except ValueError:
                    raise SMError(0x6988)
            elif tag == 0x97:
                if len(val) == 1:
                    le = val[0] or 256
                elif len(val) == 2:
                    le = int.from_bytes(val, 'big') or 65536
                elif len(val) == 0:
                    le = None
                else:
                    raise SMError(0x6988)
            else:
                raise SMError(0x6988)
        return cla & ~0x0C & 0xFF, ins, p1, p2, data, le

    def wrap_response(self, data, sw, include_99=True, odd=False):
        """odd: the answer to an odd instruction, its data BER-TLV coded, goes in DO'85'
        (no padding indicator) instead of DO'87' (ICAO 9303-11 §9.8.6)."""
        self.ssc += 1
        dos = b''
        if data:
            c = self.encrypt(data)
            if odd:
                dos += b'\x85' + _ber_len(len(c)) + c
            else:
                dos += b'\x87' + _ber_len(len(c) + 1) + b'\x01' + c
        if include_99:
            dos += b'\x99\x02' + sw.to_bytes(2, 'big')
        m = self.mac(dos)
        return dos + b'\x8e\x08' + m


# ---------------------------------------------------------------------------
# OIDs

def oid_encode(dotted):
    parts = [int(x) for x in dotted.split('.')]
    body = bytearray([parts[0] * 40 + parts[1]])
    for v in parts[2:]:
        enc = [v & 0x7F]
        v >>= 7
        while v:
            enc.append(0x80 | (v & 0x7F))
            v >>= 7
        body += bytes(reversed(enc))
    return bytes(body)


def oid_decode(body):
    vals = []
    v = 0
    for b in body:
        v = (v << 7) | (b & 0x7F)
        if not b & 0x80:
            vals.append(v)
            v = 0
    first = vals[0]
    a = min(first // 40, 2)
    return '.'.join(str(x) for x in [a, first - 40 * a] + vals[1:])


ID_PACE_ECDH_GM_AES128 = '0.4.0.127.0.7.2.2.4.2.2'
ID_CA_ECDH_AES128 = '0.4.0.127.0.7.2.2.3.2.2'
ID_CA_ECDH_3DES = '0.4.0.127.0.7.2.2.3.2.1'
ID_PK_ECDH = '0.4.0.127.0.7.2.2.1.2'
ID_AA = '2.23.136.1.1.5'
ID_LDS_SECURITY_OBJECT = '2.23.136.1.1.1'
ID_EC_PUBLIC_KEY = '1.2.840.10045.2.1'

AA_OIDS = {
    ('bsi', 'sha1'): '0.4.0.127.0.7.1.1.4.1.1',
    ('bsi', 'sha224'): '0.4.0.127.0.7.1.1.4.1.2',
    ('bsi', 'sha256'): '0.4.0.127.0.7.1.1.4.1.3',
    ('bsi', 'sha384'): '0.4.0.127.0.7.1.1.4.1.4',
    ('bsi', 'sha512'): '0.4.0.127.0.7.1.1.4.1.5',
    ('x962', 'sha1'): '1.2.840.10045.4.1',
    ('x962', 'sha224'): '1.2.840.10045.4.3.1',
    ('x962', 'sha256'): '1.2.840.10045.4.3.2',
    ('x962', 'sha384'): '1.2.840.10045.4.3.3',
    ('x962', 'sha512'): '1.2.840.10045.4.3.4',
}

HASH_OIDS = {
    'sha1': '1.3.14.3.2.26',
    'sha224': '2.16.840.1.101.3.4.2.4',
    'sha256': '2.16.840.1.101.3.4.2.1',
    'sha384': '2.16.840.1.101.3.4.2.2',
    'sha512': '2.16.840.1.101.3.4.2.3',
}


def public_key_data_object(oid, point_bytes):
    """ICAO 9303-11 §4.4.3.4: 7F49 { 06 OID, 86 point } for ECDH."""
    o = oid_encode(oid)
    inner = b'\x06' + _ber_len(len(o)) + o + b'\x86' + _ber_len(len(point_bytes)) + point_bytes
    return b'\x7f\x49' + _ber_len(len(inner)) + inner


def pace_token(ksmac, oid, other_pk_bytes):
    return aes_cmac(ksmac, public_key_data_object(oid, other_pk_bytes))[:8]
