#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""An independent emulation of a Vietnamese chip citizen ID card (CCCD) that
connects to vsmartcard's vpcd reader driver as a card.

  cccd-chip.py --port PORT --pki-dir DIR [--person FILE.json] [variant flags]

vpcd wire protocol (card side): 2-byte big-endian length, then the message.
A 1-byte message is a control: 0 power off, 1 power on, 2 reset, 4 send ATR.
Anything longer is a command APDU; answered with length + response APDU.
"""
import argparse
import json
import os
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cccd_card  # noqa: E402
import cccd_lds  # noqa: E402

# T=0 and T=1 offered, no historical bytes (as vsmartcard's own example card)
ATR = bytes.fromhex('3B80800101')  # TCK = 80^80^01 = 01
# a contact chip speaking T=0 only: no interface bytes, so no TCK (ISO/IEC 7816-3 §8.2.5)
ATR_T0 = bytes.fromhex('3B00')
# with extended length: historical bytes 80 73 00 21 40 = card capabilities (ISO/IEC 7816-4 §12.1.1.9),
# third software function byte 40 = "extended Lc and Le fields"
ATR_EXT = bytes.fromhex('3B') + bytes.fromhex('858001') + bytes.fromhex('8073002140')
_tck = 0
for _b in ATR_EXT[1:]:
    _tck ^= _b
ATR_EXT += bytes([_tck])


DEFAULT_PERSON = {
    'id': '001090012345',
    'name': 'Nguyễn Văn Ánh',
    'dob': '1990-07-21',
    'sex': 'Nam',
    'issue': '2021-04-05',
    'expiry': 'rule',
    'father': 'Nguyễn Văn Bình',
    'mother': 'Trần Thị Cúc',
    'old_id': '012345678',
}


def build_parser():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--port', type=int, required=False, help='vpcd port to connect to')
    ap.add_argument('--host', default='127.0.0.1')
    ap.add_argument('--person', help='JSON file with the citizen (keys: id name dob sex issue expiry father mother spouse old_id ...)')
    for k in ('id', 'name', 'dob', 'sex', 'issue', 'expiry', 'father', 'mother', 'spouse', 'old-id'):
        ap.add_argument('--' + k, dest='p_' + k.replace('-', '_'))
    ap.add_argument('--pki-dir', required=True, help='test PKI; the CSCA lands in DIR/trust/csca.pem')
    ap.add_argument('--no-pace', action='store_true', help='BAC only: no EF.CardAccess (6A82), no PACE')
    ap.add_argument('--ca', dest='ca', action='store_true', default=True)
    ap.add_argument('--no-ca', dest='ca', action='store_false')
    ap.add_argument('--ca-curve', choices=['brainpool', 'p256'], default='brainpool')
    ap.add_argument('--ca-key-id', type=int)
    ap.add_argument('--ca-explicit', action='store_true', help='DG14 CA key with explicit curve parameters')
    ap.add_argument('--no-ca-in-card-access', action='store_true')
    ap.add_argument('--aa', choices=['none', 'rsa', 'ec'], default='rsa')
    ap.add_argument('--aa-hash', choices=['sha1', 'sha224', 'sha256', 'sha384', 'sha512'], default=None)
    ap.add_argument('--aa-oid', choices=['bsi', 'x962'], default='bsi')
    ap.add_argument('--aa-der', action='store_true')
    ap.add_argument('--aa-curve', choices=['brainpool', 'p256'], default='brainpool')
    ap.add_argument('--sod-signature', choices=['ecdsa-p256', 'ecdsa-brainpool', 'rsa-pss', 'rsa-pkcs1',
                                                'ecdsa-p256-explicit', 'ecdsa-brainpool-explicit'], default='ecdsa-p256')
    ap.add_argument('--sod-hash', choices=['sha1', 'sha256', 'sha384', 'sha512'], default='sha256')
    ap.add_argument('--max-le', type=int, default=256)
    ap.add_argument('--too-large-le', choices=['6700', '6282', '6Cxx'], default='6700')
    ap.add_argument('--le-error-bare', action='store_true', help='answer a too-large Le under SM with a bare status word')
    ap.add_argument('--bare-ssc', choices=['both', 'cmd', 'none'], default='both')
    ap.add_argument('--past-end', choices=['9000', '6282', '6700'], default='9000')
    ap.add_argument('--parents', choices=['one-sequence', 'two-sequences'], default='one-sequence')
    ap.add_argument('--dg13-container', choices=['set', 'sequence'], default='set')
    ap.add_argument('--select-mf-6d00', action='store_true')
    ap.add_argument('--strict-df', action='store_true', help='EF.CardAccess only in the MF, BAC only in the application')
    ap.add_argument('--no-sfi', action='store_true', help='refuse READ BINARY by short EF identifier (6A86)')
    ap.add_argument('--outer-sw', choices=['inner', '9000'], default='inner')
    ap.add_argument('--pace-cipher', action='append', choices=['aes128', 'aes192', 'aes256'],
                    help='PACEInfo(s) announced, ECDH-GM on parameter 13 (repeat for several; default aes128)')
    ap.add_argument('--pace-car', help='Certification Authority Reference sent in the last PACE answer (tag 87)')
    ap.add_argument('--ta-info', action='store_true', help='TerminalAuthenticationInfo in DG14 and EF.CardAccess')
    ap.add_argument('--ca-cipher', choices=['aes128', '3des'], default='aes128')
    ap.add_argument('--ca-response', choices=['7c00', 'empty'], default='7c00')
    ap.add_argument('--select-fcp-always', action='store_true', help='SELECT answers an FCP even for P2=0C')
    ap.add_argument('--dg13-order', choices=['entry', 'sorted'], default='entry')
    ap.add_argument('--dg13-ascii-types', action='store_true',
                    help='DG13: the ID a NumericString, the dates IA5Strings, the old ID a VisibleString')
    ap.add_argument('--csca', choices=['named', 'explicit', 'other'], default='named',
                    help='CSCA of the Document Signer: explicit EC parameters, or one not in the trust dir')
    ap.add_argument('--sod-keyid', action='store_true', help='SignerInfo names the DS by subjectKeyIdentifier')
    ap.add_argument('--lds-v1', action='store_true', help='LDSSecurityObject version 1 with LDSVersionInfo')
    ap.add_argument('--hash-null', action='store_true', help='NULL parameters in the SOD hash AlgorithmIdentifier')
    ap.add_argument('--tamper', type=int, help='change data group N after signing')
    ap.add_argument('--clone', action='store_true', help='CA/AA private keys that do not match DG14/DG15')
    ap.add_argument('--face', default='32x40', help='face image WxH (multiples of 8)')
    ap.add_argument('--face-noise', type=int, default=0, help='noise in the face image (a bigger DG2)')
    ap.add_argument('--dump-dir', help='write the card files (and face.jpg) there')
    ap.add_argument('--app-selected', action='store_true', help='eMRTD application selected at power-up')
    ap.add_argument('--omit-99', action='store_true', help="DO'99' left out of protected 9000 answers")
    ap.add_argument('--corrupt-mac-at', type=int, action='append', default=[],
                    help='send the Nth protected answer with a wrong MAC (repeatable)')
    ap.add_argument('--drop-at', type=int, action='append', default=[],
                    help='answer the Nth protected command 6988 and end the session (repeatable)')
    ap.add_argument('--nosession-sw', choices=['6988', '6982', '6987'], default='6988')
    ap.add_argument('--latency-ms', type=int, default=0, help='delay before every answer')
    ap.add_argument('--crypto-ms', type=int, default=0, help='extra delay for GENERAL/INTERNAL/MUTUAL AUTHENTICATE')
    ap.add_argument('--bad-tic', action='store_true', help='send a wrong PACE token T_IC')
    ap.add_argument('--bac-bad-rnd', action='store_true', help='answer BAC with another RND.IFD (MAC correct)')
    ap.add_argument('--aa-replay', action='store_true', help='sign a fixed challenge, not the one sent')
    ap.add_argument('--sod-omit', type=int, action='append', default=[], help='leave DG N out of the SOD')
    ap.add_argument('--extended', type=int, default=0, metavar='N',
                    help='accept extended length APDUs, Le up to N, and say so in the ATR')
    ap.add_argument('--t0', type=int, default=0, metavar='N',
                    help='a T=0 contact chip: the ATR offers T=0 only, and every answer with data is '
                         'announced by 61xx and fetched by GET RESPONSE, N bytes (8-256) at most a time')
    ap.add_argument('--t0-announce-00', action='store_true',
                    help='with --t0: announce every answer as 6100 and tell the count by 6Cxx to GET RESPONSE')
    ap.add_argument('--log', help='APDU log file (plain commands and answers too)')
    ap.add_argument('--ready-file', help='touched once connected to vpcd')
    ap.add_argument('--print-keys', action='store_true', help='print the QR text, MRZ and access data, then exit')
    return ap


def make_config(a):
    cfg = cccd_card.Config()
    cfg.pace = not a.no_pace
    cfg.ca = a.ca
    cfg.ca_curve = a.ca_curve
    cfg.ca_key_id = a.ca_key_id
    cfg.ca_explicit = a.ca_explicit
    cfg.ca_in_card_access = not a.no_ca_in_card_access
    cfg.aa = a.aa
    cfg.aa_hash = a.aa_hash or ('sha1' if a.aa == 'rsa' else 'sha256')
    cfg.aa_oid = a.aa_oid
    cfg.aa_der = a.aa_der
    cfg.aa_curve = a.aa_curve
    cfg.sod_signature = a.sod_signature
    cfg.sod_hash = a.sod_hash
    cfg.max_le = a.max_le
    cfg.too_large_le = a.too_large_le
    cfg.le_error_bare = a.le_error_bare
    cfg.bare_ssc = a.bare_ssc
    cfg.past_end = a.past_end
    cfg.parents = a.parents
    cfg.dg13_container = a.dg13_container
    cfg.select_mf_6d00 = a.select_mf_6d00
    cfg.strict_df = a.strict_df
    cfg.no_sfi = a.no_sfi
    cfg.outer_sw = a.outer_sw
    cfg.pki_dir = a.pki_dir
    cfg.pace_ciphers = tuple(a.pace_cipher or ['aes128'])
    cfg.pace_car = a.pace_car
    cfg.ta_info = a.ta_info
    cfg.ca_cipher = a.ca_cipher
    cfg.ca_response = a.ca_response
    cfg.select_fcp_always = a.select_fcp_always
    cfg.dg13_order = a.dg13_order
    cfg.dg13_ascii_types = a.dg13_ascii_types
    cfg.csca = a.csca
    cfg.sod_keyid = a.sod_keyid
    cfg.lds_v1 = a.lds_v1
    cfg.hash_null = a.hash_null
    cfg.tamper = a.tamper
    cfg.clone = a.clone
    w, h = a.face.lower().split('x')
    cfg.face = (int(w), int(h))
    cfg.face_noise = a.face_noise
    cfg.app_selected = a.app_selected
    cfg.omit_99 = a.omit_99
    cfg.corrupt_mac_at = tuple(a.corrupt_mac_at)
    cfg.drop_at = tuple(a.drop_at)
    cfg.nosession_sw = int(a.nosession_sw, 16)
    cfg.extended = a.extended
    cfg.bad_tic = a.bad_tic
    cfg.bac_bad_rnd = a.bac_bad_rnd
    cfg.aa_replay = a.aa_replay
    cfg.sod_omit = tuple(a.sod_omit)
    cfg.t0_chunk = a.t0
    cfg.t0_announce_00 = a.t0_announce_00
    return cfg


def make_person(a):
    d = dict(DEFAULT_PERSON)
    if a.person:
        with open(a.person, encoding='utf-8') as f:
            d.update(json.load(f))
    for k in ('id', 'name', 'dob', 'sex', 'issue', 'expiry', 'father', 'mother', 'spouse', 'old_id'):
        v = getattr(a, 'p_' + k)
        if v is not None:
            d[k] = v
    return cccd_lds.Person(d)


def recv_exact(s, n):
    buf = b''
    while len(buf) < n:
        # vpcd writes the length and the message separately; acknowledge at once so that
        # Nagle's algorithm on its side does not hold the message for our delayed ACK (40 ms)
        try:
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        except (AttributeError, OSError):
            pass
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise ConnectionError('vpcd closed the connection')
        buf += chunk
    return buf


def serve(card, host, port, ready_file=None, log=None, latency=0.0, crypto=0.0):
    delay = 0.05
    while True:
        try:
            s = socket.create_connection((host, port), timeout=None)
        except OSError:
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
            continue
        delay = 0.05
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        card.log('# connected to vpcd %s:%d' % (host, port))
        if ready_file:
            open(ready_file, 'w').close()
        try:
            while True:
                n = int.from_bytes(recv_exact(s, 2), 'big')
                msg = recv_exact(s, n)
                if n == 1:
                    c = msg[0]
                    if c == 0:
                        card.log('# power off')
                        card.power_on()
                    elif c == 1:
                        card.log('# power on')
                        card.power_on()
                    elif c == 2:
                        card.log('# reset')
                        card.power_on()
                    elif c == 4:
                        atr = ATR_EXT if card.cfg.extended else ATR_T0 if card.cfg.t0_chunk else ATR
                        s.sendall(len(atr).to_bytes(2, 'big') + atr)
                    continue
                resp = card.process(msg)
                delay = latency + (crypto if len(msg) > 1 and msg[1] in (0x82, 0x86, 0x88) else 0)
                if delay:
                    time.sleep(delay)
                s.sendall(len(resp).to_bytes(2, 'big') + resp)
        except (ConnectionError, OSError) as e:
            card.log('# disconnected: %s' % e)
            try:
                s.close()
            except OSError:
                pass
            time.sleep(0.1)


def main():
    ap = build_parser()
    a = ap.parse_args()
    if a.t0_announce_00 and not a.t0:
        ap.error('--t0-announce-00 goes with --t0')
    # at least 8 a time: the reader fetches at most 64 pieces of an answer
    if a.t0 and not 8 <= a.t0 <= 256 or (a.t0 and a.extended):
        ap.error('--t0 takes 8 to 256, and this T=0 chip has no extended length (ENVELOPE not made)')
    person = make_person(a)
    if a.print_keys:
        l1, l2, l3 = person.mrz_lines()
        print(json.dumps({'id': person.id, 'can': person.can, 'docno': person.docno, 'dob': person.mrz_dob, 'dob_partial': person.dob_iso,
                          'doe': person.mrz_doe, 'mrz': [l1, l2, l3], 'qr': person.qr_text(),
                          'qr6': person.qr_text(with_old=False),
                          'name': person.name, 'dob_iso': person.dob.isoformat(),
                          'expiry_iso': person.expiry.isoformat() if person.expiry else None},
                         ensure_ascii=False))
        return 0
    if a.port is None:
        print('--port is required', file=sys.stderr)
        return 2
    log = open(a.log, 'a', buffering=1) if a.log else None
    card = cccd_card.Card(person, make_config(a), log=log)
    if a.dump_dir:
        os.makedirs(a.dump_dir, exist_ok=True)
        for f in card.files.values():
            with open(os.path.join(a.dump_dir, '%04X.bin' % f.fid), 'wb') as out:
                out.write(f.content)
        with open(os.path.join(a.dump_dir, 'face.jpg'), 'wb') as out:
            out.write(card.jpeg)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        serve(card, a.host, a.port, a.ready_file, log, a.latency_ms / 1000.0, a.crypto_ms / 1000.0)
    except KeyboardInterrupt:
        pass
    finally:
        card.log('# %d APDUs' % card.apdu_count)
        if card.cfg.t0_chunk:
            card.log('# %d of them GET RESPONSE' % card.get_response_count)
    return 0


if __name__ == '__main__':
    sys.exit(main())
