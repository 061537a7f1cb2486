# SPDX-License-Identifier: GPL-3.0-or-later
"""The card side of an independent CCCD chip (ICAO 9303 eMRTD, TD1).

Protocol behaviour from ICAO Doc 9303-10/-11, BSI TR-03110 and ISO/IEC 7816-4,
and the Vietnamese specifics from DOMAIN.md §2. Card logic only: the vpcd
transport lives in cccd-chip.py.
"""
import hashlib
import os
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

import cccd_crypto as C
import cccd_lds as L

AID = bytes.fromhex('A0000002471001')

FID_CARD_ACCESS = 0x011C
FID_COM = 0x011E
FID_SOD = 0x011D
DG_FID = {1: 0x0101, 2: 0x0102, 3: 0x0103, 11: 0x010B, 13: 0x010D, 14: 0x010E, 15: 0x010F}


class EF:
    def __init__(self, fid, sfi, content, where, access):
        self.fid, self.sfi, self.content, self.where, self.access = fid, sfi, content, where, access


class Config:
    """Defaults of every variant; cccd-chip.py fills it from the command line."""
    pace = True
    ca = True
    ca_curve = 'brainpool'
    ca_key_id = None
    ca_explicit = False
    ca_in_card_access = True
    aa = 'rsa'            # none | rsa | ec
    aa_hash = 'sha256'     # ec: digest; rsa: sha1 (trailer BC) or sha256 (trailer 34CC)
    aa_oid = 'bsi'
    aa_der = False
    aa_curve = 'brainpool'
    sod_signature = 'ecdsa-p256'
    sod_hash = 'sha256'
    max_le = 256
    too_large_le = '6700'  # 6700 | 6282 | 6Cxx
    le_error_bare = False
    bare_ssc = 'both'      # both | cmd | none : SSC steps kept for a bare answer under SM
    past_end = '9000'      # 9000 | 6282 | 6700
    parents = 'one-sequence'
    dg13_container = 'set'
    select_mf_6d00 = False
    strict_df = False
    no_sfi = False
    outer_sw = 'inner'     # inner | 9000
    pki_dir = None
    face = (32, 40)
    face_noise = 0
    pace_ciphers = ('aes128',)   # PACEInfos announced (ECDH-GM, parameter 13)
    pace_car = None              # CAR returned in the last PACE step (87), as EAC chips do
    ta_info = False              # TerminalAuthenticationInfo in DG14 and EF.CardAccess
    ca_cipher = 'aes128'         # aes128 | 3des
    ca_response = '7c00'         # 7c00 | empty
    select_fcp_always = False
    dg13_order = 'entry'         # entry | sorted
    dg13_ascii_types = False     # the ASCII entries as NumericString / IA5String / VisibleString
    csca = 'named'               # named | explicit | other (untrusted)
    sod_keyid = False
    lds_v1 = False
    hash_null = False
    tamper = None                # DG number changed after signing
    clone = False                # CA/AA private keys that do not match DG14/DG15
    app_selected = False         # the eMRTD application is selected at power-up
    omit_99 = False              # DO'99' left out of protected answers with 9000
    corrupt_mac_at = ()          # protected answers (1-based, counted over the card's life) sent with a wrong MAC
    drop_at = ()                 # protected commands answered 6988 as if their MAC were wrong (session ends)
    nosession_sw = 0x6988        # answer to a protected command without a session
    extended = 0                 # 0: short APDUs only; N: extended length, Le up to N (and said so in the ATR)
    bad_tic = False              # a chip that cannot prove it knows the PACE key (wrong T_IC)
    bac_bad_rnd = False          # a chip that answers BAC with another RND.IFD (correct MAC)
    aa_replay = False            # a chip that replays a signature of one fixed challenge
    sod_omit = ()                # data groups present on the chip but left out of the SOD
    t0_chunk = 0                 # 0: answers whole (T=1, T=CL); N: a T=0 contact chip, data by 61xx + GET RESPONSE, N at a time
    t0_announce_00 = False       # T=0: announce every answer as 6100 ("256 or more"), telling the count by 6Cxx when asked


class Card:
    def __init__(self, person, cfg, log=None, rand=None):
        self.person = person
        self.cfg = cfg
        self.logf = log
        self._rand = rand or (lambda n, purpose: os.urandom(n))
        self.mrz_info = C.mrz_information(person.docno, person.mrz_dob, person.mrz_doe)
        self.can = person.can
        self._make_keys()
        self._make_files()
        self.apdu_count = 0
        self.protected_count = 0
        self.get_response_count = 0
        self.power_on()

    # ------------------------------------------------------------------
    def log(self, msg):
        if self.logf:
            self.logf.write(msg + '\n')
            self.logf.flush()

    def _make_keys(self):
        cfg = self.cfg
        self.pace_curve = C.BRAINPOOL_P256R1
        if cfg.ca:
            self.ca_curve = C.CURVES[cfg.ca_curve]
            self.ca_sk = self.ca_curve.random_scalar()
            self.ca_pk = self.ca_curve.mul(self.ca_sk, self.ca_curve.G)
        if cfg.aa == 'rsa':
            self.aa_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
        elif cfg.aa == 'ec':
            crv = ec.BrainpoolP256R1() if cfg.aa_curve == 'brainpool' else ec.SECP256R1()
            self.aa_key = ec.generate_private_key(crv)
        self.aa_pub = self.aa_key.public_key() if cfg.aa != 'none' else None
        if cfg.clone:
            # a clone: the data groups copied from a genuine chip, but other private keys
            if cfg.ca:
                self.ca_sk = self.ca_curve.random_scalar()
            if cfg.aa == 'rsa':
                self.aa_key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
            elif cfg.aa == 'ec':
                self.aa_key = ec.generate_private_key(self.aa_key.curve)

    def _make_files(self):
        cfg, p = self.cfg, self.person
        files = {}

        def add(fid, sfi, content, where='app', access='sm'):
            files[fid] = EF(fid, sfi, content, where, access)
        dgs = {}
        dgs[1] = L.dg1(p)
        self.jpeg = jpeg = L.make_jpeg(*cfg.face, noise=cfg.face_noise)
        dgs[2] = L.dg2(jpeg, *cfg.face)
        dgs[3] = L.dg3()
        dgs[13] = L.dg13(p, cfg.dg13_container, cfg.parents, cfg.dg13_order, cfg.dg13_ascii_types)
        aa_oid = None
        if cfg.aa == 'ec':
            aa_oid = C.AA_OIDS[(cfg.aa_oid, cfg.aa_hash)]
        ca_spki = L.ec_spki(self.ca_curve, self.ca_pk, cfg.ca_explicit) if cfg.ca else None
        if cfg.ca or cfg.pace or aa_oid:
            dgs[14] = L.dg14(ca_spki, cfg.ca_key_id, cfg.pace, aa_oid, cfg.pace_ciphers, cfg.ta_info, cfg.ca_cipher)
        if cfg.aa == 'rsa':
            nums = self.aa_pub.public_numbers()
            dgs[15] = L.dg15(L.rsa_spki(nums.n, nums.e))
        elif cfg.aa == 'ec':
            nums = self.aa_pub.public_numbers()
            crv = C.CURVES[cfg.aa_curve]
            dgs[15] = L.dg15(L.ec_spki(crv, (nums.x, nums.y)))
        signed = {n: c for n, c in dgs.items() if n not in cfg.sod_omit}
        if cfg.tamper:
            dgs[cfg.tamper] = self._tampered(dgs[cfg.tamper])
        self.dgs = dgs
        for n, content in dgs.items():
            add(DG_FID[n], n, content, access='denied' if n == 3 else 'sm')
        add(FID_COM, 0x1E, L.ef_com(sorted(dgs)))
        if cfg.pace:
            add(FID_CARD_ACCESS, 0x1C,
                L.ef_card_access(True, cfg.ca and cfg.ca_in_card_access, cfg.ca_key_id, cfg.pace_ciphers,
                                 cfg.ta_info, cfg.ca_cipher),
                where='mf', access='free')
        if cfg.pki_dir:
            add(FID_SOD, 0x1D, L.make_sod(cfg.pki_dir, cfg.sod_signature, cfg.sod_hash, signed, cfg.csca,
                                          cfg.sod_keyid, cfg.lds_v1, cfg.hash_null))
        self.files = files

    def _tampered(self, content):
        # change one character of a text the reader shows or checks, keeping the structure
        p = self.person
        for old, new in ((p.chip_serial.encode(), p.chip_serial[:-1].encode() + (b'0' if p.chip_serial[-1] != '0' else b'1')),
                         (p.mrz_lines()[2][:3].encode(), p.mrz_lines()[2][:2].encode() + b'X')):
            if old in content:
                return content.replace(old, new, 1)
        return content[:-1] + bytes([content[-1] ^ 1])

    # ------------------------------------------------------------------
    def power_on(self):
        self.df = 'app' if self.cfg.app_selected else 'mf'
        self.ef = None
        self.sm = None
        self.auth = None          # None | 'bac' | 'pace'
        self.challenge = None
        self.pace = None
        self.ca_pending = None
        self.t0_pending = None    # (data not yet fetched, final status word)

    def drop_session(self, why):
        if self.sm is not None or self.auth:
            self.log('   ** secure messaging ended: %s' % why)
        self.sm = None
        self.auth = None
        self.ca_pending = None

    # ------------------------------------------------------------------
    def process(self, apdu):
        self.apdu_count += 1
        self.log('> %s' % apdu.hex().upper())
        if self.cfg.t0_chunk:
            resp = self._process_t0(apdu)
        else:
            resp = self._process(apdu)
        self.log('< %s' % resp.hex().upper())
        return resp

    def _sw_61(self, remaining, chunk):
        if self.cfg.t0_announce_00:
            return b'\x61\x00'
        n = min(remaining, chunk)
        return bytes([0x61, n & 0xFF])  # 00: 256

    def _process_t0(self, apdu):
        """A T=0 contact chip (ISO/IEC 7816-3, the transport of APDUs by T=0;
        ISO/IEC 7816-4, GET RESPONSE): a T=0 answer cannot carry data after
        a command that sent some (case 4), and this chip answers case 2 the
        same way, so every answer with data is announced by SW 61xx (xx
        bytes ready, 00 for 256) and fetched with GET RESPONSE (00 C0 00 00
        xx), at most t0_chunk bytes a time. Under secure messaging the
        protected answer (87/99/8E) is what is fetched: GET RESPONSE is
        plain and outside SM, and does not end the session. Any other
        command drops what was not fetched."""
        chunk = self.cfg.t0_chunk
        if len(apdu) == 5 and apdu[1] == 0xC0 and apdu[0] & 0xFC == 0:
            if apdu[2:4] != b'\x00\x00':
                self.log('   GET RESPONSE with P1-P2 %s -> 6A86' % apdu[2:4].hex().upper())
                return b'\x6A\x86'
            if self.t0_pending is None:
                self.log('   GET RESPONSE with nothing to fetch -> 6985')
                return b'\x69\x85'
            data, sw = self.t0_pending
            le = apdu[4] or 256
            if le > len(data):
                # a wrong Le: the card says how many are there (as for READ BINARY)
                self.log('   GET RESPONSE for %d bytes, %d there -> 6C%02X' % (le, len(data), len(data) & 0xFF))
                return bytes([0x6C, len(data) & 0xFF])
            self.get_response_count += 1
            piece, rest = data[:le], data[le:]
            if rest:
                self.t0_pending = (rest, sw)
                self.log('   GET RESPONSE: %d bytes, %d left' % (len(piece), len(rest)))
                return piece + self._sw_61(len(rest), chunk)
            self.t0_pending = None
            return piece + sw.to_bytes(2, 'big')
        if self.t0_pending is not None:
            self.log('   %d bytes not fetched, dropped' % len(self.t0_pending[0]))
            self.t0_pending = None
        resp = self._process(apdu)
        if len(resp) <= 2:
            return resp
        self.t0_pending = (resp[:-2], int.from_bytes(resp[-2:], 'big'))
        return self._sw_61(len(resp) - 2, chunk)

    def _process(self, apdu):
        if len(apdu) < 4:
            return b'\x67\x00'
        cla = apdu[0]
        if cla == 0xFF:
            return b'\x6E\x00'
        if cla & 0x0C == 0x0C:
            if self.sm is None:
                self.log('   protected command without a session -> %04X' % self.cfg.nosession_sw)
                return self.cfg.nosession_sw.to_bytes(2, 'big')
            self.protected_count += 1
            if self.protected_count in self.cfg.drop_at:
                self.log('   (variant) protected command #%d taken as an SM error: 6988, session dropped'
                         % self.protected_count)
                self.drop_session('SM error (simulated)')
                return b'\x69\x88'
            sm = self.sm
            try:
                cla2, ins, p1, p2, data, le = sm.unwrap_command(apdu, bool(self.cfg.extended))
                self.last_extended = sm.last_extended
            except C.SMError as e:
                self.log('   SM error %04X, session dropped' % e.sw)
                self.drop_session('SM error')
                return e.sw.to_bytes(2, 'big')
            self.log('   plain: %02X %02X %02X %02X data=%s le=%s' % (cla2, ins, p1, p2, data.hex().upper(), le))
            res = self.execute(cla2, ins, p1, p2, data, le, True)
            rdata, sw = res[0], res[1]
            extra = res[2] if len(res) > 2 else {}
            self.log('   plain answer: %s %04X' % (rdata.hex().upper(), sw))
            if extra.get('bare'):
                if self.cfg.bare_ssc == 'both':
                    sm.ssc += 1
                elif self.cfg.bare_ssc == 'none':
                    sm.ssc -= 1
                self.log('   bare answer (SSC now %d)' % sm.ssc)
                return sw.to_bytes(2, 'big')
            if self.sm is not sm:  # the command itself dropped the session (should not happen)
                return sw.to_bytes(2, 'big')
            body = sm.wrap_response(rdata, sw, include_99=not (self.cfg.omit_99 and sw == 0x9000), odd=bool(ins & 1))
            if self.protected_count in self.cfg.corrupt_mac_at:
                self.log('   (variant) answer #%d sent with a wrong MAC' % self.protected_count)
                body = body[:-1] + bytes([body[-1] ^ 0x01])
            outer = sw if self.cfg.outer_sw == 'inner' else 0x9000
            if 'after' in extra:
                extra['after']()
            return body + outer.to_bytes(2, 'big')
        # plain command
        if self.sm is not None:
            self.drop_session('plain APDU received (ICAO 9303-11 §9.8)')
        try:
            ins, p1, p2, data, le = self.parse_plain(apdu, bool(self.cfg.extended))
            self.last_extended = len(apdu) > 5 and apdu[4] == 0
        except ValueError as e:
            self.log('   bad APDU: %s' % e)
            return b'\x67\x00'
        res = self.execute(cla, ins, p1, p2, data, le, False)
        rdata, sw = res[0], res[1]
        return rdata + sw.to_bytes(2, 'big')

    @staticmethod
    def parse_plain(apdu, extended_ok=False):
        ins, p1, p2 = apdu[1], apdu[2], apdu[3]
        body = apdu[4:]
        if not body:
            return ins, p1, p2, b'', None
        if len(body) == 1:
            return ins, p1, p2, b'', body[0] or 256
        if body[0] == 0:
            if not extended_ok:
                raise ValueError('extended length not supported by this chip')
            if len(body) == 3:
                return ins, p1, p2, b'', int.from_bytes(body[1:3], 'big') or 65536
            lc = int.from_bytes(body[1:3], 'big')
            if lc and len(body) == 3 + lc:
                return ins, p1, p2, body[3:], None
            if lc and len(body) == 5 + lc:
                return ins, p1, p2, body[3:3 + lc], int.from_bytes(body[-2:], 'big') or 65536
            raise ValueError('extended Lc does not match')
        lc = body[0]
        if len(body) == 1 + lc:
            return ins, p1, p2, body[1:], None
        if len(body) == 2 + lc:
            return ins, p1, p2, body[1:1 + lc], body[-1] or 256
        raise ValueError('Lc does not match')

    # ------------------------------------------------------------------
    def execute(self, cla, ins, p1, p2, data, le, protected):
        if cla & 0x10 and ins != 0x86:
            return b'', 0x6884
        h = {0xA4: self.select, 0xB0: self.read_binary, 0xB1: self.read_binary_odd, 0x84: self.get_challenge,
             0x82: self.mutual_authenticate, 0x22: self.mse, 0x86: self.general_authenticate,
             0x88: self.internal_authenticate}.get(ins)
        if h is None:
            return b'', 0x6D00
        return h(cla, p1, p2, data, le, protected)

    # --- SELECT ---------------------------------------------------------
    def _find(self, fid):
        f = self.files.get(fid)
        if f is None:
            return None
        if f.where == 'mf' and self.df != 'mf' and self.cfg.strict_df:
            return None
        if f.where == 'app' and self.df != 'app':
            return None
        return f

    def select(self, cla, p1, p2, data, le, protected):
        if p2 not in (0x0C, 0x00, 0x04):
            return b'', 0x6A86
        if p1 == 0x04:
            if data == AID:
                self.df = 'app'
                self.ef = None
                return b'', 0x9000
            return b'', 0x6A82
        if p1 == 0x00 and (not data or data == b'\x3f\x00'):
            if self.cfg.select_mf_6d00:
                return b'', 0x6D00
            self.df = 'mf'
            self.ef = None
            return b'', 0x9000
        if p1 in (0x00, 0x02) and len(data) == 2:
            fid = int.from_bytes(data, 'big')
            f = self._find(fid)
            if f is None:
                return b'', 0x6A82
            self.ef = f
            if p2 == 0x0C and not self.cfg.select_fcp_always:
                return b'', 0x9000
            fcp = L.tlv(0x80, len(f.content).to_bytes(2, 'big')) + L.tlv(0x82, b'\x01') + L.tlv(0x83, data)
            return L.tlv(0x62, fcp), 0x9000
        return b'', 0x6A86

    # --- READ BINARY ----------------------------------------------------
    def read_binary(self, cla, p1, p2, data, le, protected):
        if p1 & 0x80:
            if self.cfg.no_sfi:
                return b'', 0x6A86
            if p1 & 0x60:
                return b'', 0x6A86
            sfi = p1 & 0x1F
            f = None
            for cand in self.files.values():
                if cand.sfi == sfi:
                    f = cand
            if f is not None:
                f = self._find(f.fid)
            if f is None:
                return b'', 0x6A82
            self.ef = f
            offset = p2
        else:
            if self.ef is None:
                return b'', 0x6986
            f = self.ef
            offset = ((p1 << 8) | p2) & 0x7FFF
        return self._read_from(f, offset, le, protected)

    def read_binary_odd(self, cla, p1, p2, data, le, protected):
        """READ BINARY B1 (ISO/IEC 7816-4 §11.2.3), for offsets past 32767: the
        offset in DO'54' of the command data, the bytes back in DO'53' (which
        Le counts too). P1-P2 0000 is the current EF, otherwise a file
        identifier (the file is then selected)."""
        if (p1, p2) == (0, 0):
            if self.ef is None:
                return b'', 0x6986
            f = self.ef
        else:
            f = self._find((p1 << 8) | p2)
            if f is None:
                return b'', 0x6A82
            self.ef = f
        try:
            tl = C.parse_tlvs(data)
        except (ValueError, IndexError):
            tl = []
        if len(tl) != 1 or tl[0][0] != 0x54 or not 1 <= len(tl[0][1]) <= 3:
            self.log('   B1 without one DO\'54\' offset -> 6A80')
            return b'', 0x6A80
        return self._read_from(f, int.from_bytes(tl[0][1], 'big'), le, protected, odd=True)

    def _read_from(self, f, offset, le, protected, odd=False):
        if f.access == 'denied':
            return b'', 0x6982
        if f.access == 'sm' and (not protected or not self.auth):
            return b'', 0x6982
        if le is None:
            return b'', 0x6700
        limit = self.cfg.max_le
        if protected:
            limit = min(limit, 223 if self.sm.kind == 'aes' else 231)
        if self.cfg.extended and self.last_extended:
            limit = self.cfg.extended
        if le > limit:
            self.log('   Le %d over the chip limit %d -> %s' % (le, limit, self.cfg.too_large_le))
            bare = {'bare': True} if (protected and self.cfg.le_error_bare) else {}
            if self.cfg.too_large_le == '6700':
                return b'', 0x6700, bare
            if self.cfg.too_large_le == '6282':
                return b'', 0x6282, bare
            avail = max(0, len(f.content) - offset)
            if odd:  # B1's Le counts DO'53''s tag and length too
                avail += 2 if avail < 0x80 else 3 if avail < 0x100 else 4
            avail = min(limit, avail)
            return b'', 0x6C00 | (avail & 0xFF), bare
        size = len(f.content)
        if offset > size:
            return b'', 0x6B00
        # B1: what DO'53' and its length take of Le
        n = le
        if odd:
            n = le - 2 if le - 2 < 128 else le - 3 if le - 3 < 256 else le - 4
        chunk = f.content[offset:offset + n]
        wrap = (lambda b: b'\x53' + C._ber_len(len(b)) + b) if odd else (lambda b: b)
        if len(chunk) < n:
            if self.cfg.past_end == '6700':
                return b'', 0x6700
            if self.cfg.past_end == '6282' or not chunk:
                return wrap(chunk) if chunk else b'', 0x6282
        return wrap(chunk), 0x9000

    # --- BAC ------------------------------------------------------------
    def get_challenge(self, cla, p1, p2, data, le, protected):
        if p1 or p2:
            return b'', 0x6A86
        if le != 8:
            return b'', 0x6700
        self.challenge = self._rand(8, 'bac_rnd_ic')
        return self.challenge, 0x9000

    def mutual_authenticate(self, cla, p1, p2, data, le, protected):
        if self.cfg.strict_df and self.df != 'app':
            return b'', 0x6985
        if self.challenge is None:
            return b'', 0x6985
        if len(data) != 40:
            return b'', 0x6700
        rnd_ic, self.challenge = self.challenge, None
        kseed = hashlib.sha1(self.mrz_info.encode()).digest()[:16]
        kenc, kmac = C.kdf(kseed, 1, '3des'), C.kdf(kseed, 2, '3des')
        eifd, mifd = data[:32], data[32:]
        if C.retail_mac(kmac, C.pad(eifd, 8)) != mifd:
            self.log('   BAC: M.IFD wrong (wrong MRZ key?)')
            return b'', 0x6300
        s = C.des3_cbc(kenc, eifd, decrypt=True)
        rnd_ifd, rnd_ic2, kifd = s[:8], s[8:16], s[16:32]
        if rnd_ic2 != rnd_ic:
            return b'', 0x6300
        kic = self._rand(16, 'bac_k_ic')
        r = rnd_ic + (bytes([rnd_ifd[0] ^ 1]) + rnd_ifd[1:] if self.cfg.bac_bad_rnd else rnd_ifd) + kic
        eic = C.des3_cbc(kenc, r)
        mic = C.retail_mac(kmac, C.pad(eic, 8))
        seed = bytes(a ^ b for a, b in zip(kifd, kic))
        self.sm = C.SecureMessaging('3des', C.kdf(seed, 1, '3des'), C.kdf(seed, 2, '3des'),
                                    int.from_bytes(rnd_ic[4:] + rnd_ifd[4:], 'big'))
        self.auth = 'bac'
        self.log('   BAC done, 3DES secure messaging')
        return eic + mic, 0x9000

    # --- MSE ------------------------------------------------------------
    def mse(self, cla, p1, p2, data, le, protected):
        try:
            tl = {t: v for t, v, _ in C.parse_tlvs(data)}
        except (ValueError, IndexError):
            return b'', 0x6A80
        if (p1, p2) == (0xC1, 0xA4):
            if not self.cfg.pace:
                return b'', 0x6A80
            o = tl.get(0x80)
            ciphers = {L.PACE_OIDS[c]: c for c in self.cfg.pace_ciphers}
            if o is None or C.oid_decode(o) not in ciphers:
                return b'', 0x6A80
            cipher = ciphers[C.oid_decode(o)]
            ref = tl.get(0x83)
            if ref not in (b'\x01', b'\x02'):
                return b'', 0x6A80
            if 0x84 in tl and tl[0x84] != b'\x0d':
                return b'', 0x6A80
            self.pace = {'step': 1, 'ref': ref[0], 'cipher': cipher, 'oid': C.oid_decode(o)}
            self.ca_pending = None
            return b'', 0x9000
        if (p1, p2) == (0x41, 0xA4):
            if not self.cfg.ca or not protected or not self.auth:
                return b'', 0x6982 if self.cfg.ca else 0x6A80
            o = tl.get(0x80)
            if o is None or C.oid_decode(o) != L.CA_OIDS[self.cfg.ca_cipher]:
                return b'', 0x6A80
            if 0x84 in tl and (self.cfg.ca_key_id is None or int.from_bytes(tl[0x84], 'big') != self.cfg.ca_key_id):
                return b'', 0x6A88
            self.ca_pending = self.cfg.ca_cipher
            self.pace = None
            return b'', 0x9000
        if (p1, p2) == (0x41, 0xA6):
            # MSE:Set KAT (ICAO 9303-11 §6.2 with 3DES; accepted here for the AES key too)
            if not self.cfg.ca or not protected or not self.auth:
                return b'', 0x6982 if self.cfg.ca else 0x6A80
            pk = tl.get(0x91)
            if pk is None:
                return b'', 0x6A80
            return self._chip_auth(pk, b'', 0x9000)
        return b'', 0x6A86

    def _chip_auth(self, pk_bytes, answer, sw):
        try:
            pk = self.ca_curve.decode(pk_bytes)
        except ValueError as e:
            self.log('   CA: bad terminal key: %s' % e)
            return b'', 0x6A80
        shared = self.ca_curve.mul(self.ca_sk, pk)
        if shared is None:
            return b'', 0x6A80
        k = shared[0].to_bytes(self.ca_curve.size, 'big')
        cph = self.cfg.ca_cipher
        new = C.SecureMessaging('3des' if cph == '3des' else 'aes', C.kdf(k, 1, cph), C.kdf(k, 2, cph), 0)
        self.ca_pending = None

        def switch():
            self.sm = new
            self.log('   chip authentication done: new AES keys, SSC 0')
        return answer, sw, {'after': switch}

    # --- GENERAL AUTHENTICATE -------------------------------------------
    def general_authenticate(self, cla, p1, p2, data, le, protected):
        if p1 or p2:
            return b'', 0x6A86
        try:
            outer = C.parse_tlvs(data)
            if len(outer) != 1 or outer[0][0] != 0x7C:
                return b'', 0x6A80
            inner = {t: v for t, v, _ in C.parse_tlvs(outer[0][1])}
        except (ValueError, IndexError):
            return b'', 0x6A80
        if self.ca_pending and protected:
            if cla & 0x10:
                return b'', 0x6884
            pk = inner.get(0x80)
            if pk is None:
                return b'', 0x6A80
            return self._chip_auth(pk, b'\x7c\x00' if self.cfg.ca_response == '7c00' else b'', 0x9000)
        if self.pace is None:
            return b'', 0x6985
        try:
            return self._pace_step(cla, inner)
        except ValueError as e:
            self.log('   PACE failed: %s' % e)
            self.pace = None
            return b'', 0x6A80

    def _pace_step(self, cla, inner):
        st = self.pace
        crv = self.pace_curve
        last = not (cla & 0x10)
        step = st['step']
        if step < 4 and last:
            self.log('   PACE step %d sent without command chaining (CLA 10 expected)' % step)
        if step == 4 and not last:
            self.log('   PACE last step sent with chaining bit')
        if step == 1:
            if inner:
                raise ValueError('step 1 must be empty')
            if st['ref'] == 2:
                k = self.can.encode('ascii')
            else:
                k = hashlib.sha1(self.mrz_info.encode('ascii')).digest()
            kpi = C.kdf(k, 3, st['cipher'])
            st['s'] = self._rand(16, 'pace_nonce')
            z = C.aes_cbc(kpi, st['s'])
            st['step'] = 2
            return L.tlv(0x7C, L.tlv(0x80, z)), 0x9000
        if step == 2:
            pkmap = crv.decode(inner.get(0x81, b''))
            sk = int.from_bytes(self._rand(32, 'pace_map_sk'), 'big') % crv.n or 1
            mine = crv.mul(sk, crv.G)
            H = crv.mul(sk, pkmap)
            if H is None:
                raise ValueError('H is infinity')
            G2 = crv.add(crv.mul(int.from_bytes(st['s'], 'big'), crv.G), H)
            if G2 is None:
                raise ValueError('mapped generator is infinity')
            st['G2'] = G2
            st['H'] = H
            st['step'] = 3
            return L.tlv(0x7C, L.tlv(0x82, crv.encode(mine))), 0x9000
        if step == 3:
            pk_ifd_b = inner.get(0x83, b'')
            pk_ifd = crv.decode(pk_ifd_b)
            sk = int.from_bytes(self._rand(32, 'pace_eph_sk'), 'big') % crv.n or 1
            pk_ic = crv.mul(sk, st['G2'])
            if pk_ic == pk_ifd:
                raise ValueError('terminal key equals the chip key')
            shared = crv.mul(sk, pk_ifd)
            if shared is None:
                raise ValueError('shared secret is infinity')
            k = shared[0].to_bytes(crv.size, 'big')
            st['K'] = k
            st['ksenc'], st['ksmac'] = C.kdf(k, 1, st['cipher']), C.kdf(k, 2, st['cipher'])
            st['pk_ifd'], st['pk_ic'] = pk_ifd_b, crv.encode(pk_ic)
            st['step'] = 4
            return L.tlv(0x7C, L.tlv(0x84, st['pk_ic'])), 0x9000
        if step == 4:
            t_ifd = inner.get(0x85, b'')
            expect = C.pace_token(st['ksmac'], st['oid'], st['pk_ic'])
            if t_ifd != expect:
                self.log('   PACE: terminal token wrong (wrong password?)')
                self.pace = None
                return b'', 0x6300
            t_ic = C.pace_token(st['ksmac'], st['oid'], st['pk_ifd'])
            if self.cfg.bad_tic:
                self.log('   (variant) wrong T_IC sent')
                t_ic = bytes([t_ic[0] ^ 0x55]) + t_ic[1:]
            self.sm = C.SecureMessaging('aes', st['ksenc'], st['ksmac'], 0)
            self.auth = 'pace'
            self.pace = None
            self.log('   PACE done (%s), AES secure messaging' % ('CAN' if st['ref'] == 2 else 'MRZ'))
            extra = L.tlv(0x87, self.cfg.pace_car.encode('ascii')) if self.cfg.pace_car else b''
            return L.tlv(0x7C, L.tlv(0x86, t_ic) + extra), 0x9000
        raise ValueError('bad state')

    # --- INTERNAL AUTHENTICATE (active authentication) --------------------
    def internal_authenticate(self, cla, p1, p2, data, le, protected):
        if self.cfg.aa == 'none':
            return b'', 0x6D00
        if not protected or not self.auth:
            return b'', 0x6982
        if p1 or p2:
            return b'', 0x6A86
        if len(data) != 8:
            return b'', 0x6700
        if self.cfg.aa_replay:
            self.log('   (variant) signing a recorded challenge instead of %s' % data.hex().upper())
            data = bytes.fromhex('0123456789ABCDEF')
        if self.cfg.aa == 'rsa':
            return self._aa_rsa(data), 0x9000
        h = {'sha1': hashes.SHA1(), 'sha224': hashes.SHA224(), 'sha256': hashes.SHA256(),
             'sha384': hashes.SHA384(), 'sha512': hashes.SHA512()}[self.cfg.aa_hash]
        der = self.aa_key.sign(data, ec.ECDSA(h))
        if self.cfg.aa_der:
            return der, 0x9000
        r, s = decode_dss_signature(der)
        sz = C.CURVES[self.cfg.aa_curve].size
        return r.to_bytes(sz, 'big') + s.to_bytes(sz, 'big'), 0x9000

    def _aa_rsa(self, challenge):
        """ISO/IEC 9796-2 digital signature scheme 1, partial message recovery."""
        priv = self.aa_key.private_numbers()
        n, d = priv.public_numbers.n, priv.d
        k = (n.bit_length() + 7) // 8
        if self.cfg.aa_hash == 'sha1':
            hname, trailer = 'sha1', b'\xbc'
        else:
            hname, trailer = 'sha256', b'\x34\xcc'
        hl = hashlib.new(hname).digest_size
        m1 = os.urandom(k - hl - 1 - len(trailer))
        f = b'\x6a' + m1 + hashlib.new(hname, m1 + challenge).digest() + trailer
        return pow(int.from_bytes(f, 'big'), d, n).to_bytes(k, 'big')
