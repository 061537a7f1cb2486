#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Driver of run-matrix.sh: reads the independent chip, one variant at a
time, through a private pcscd, with the product's `tiepdon read`, and checks
what it reports.

  matrix.py TIEPDON WITH_PRIVATE_PCSCD [--port N] [--out DIR] [--only SUBSTR]
  matrix.py --inner SPEC.json     (inside the private pcscd's namespace)
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cccd_lds  # noqa: E402

CHIP = os.path.join(HERE, 'cccd-chip.py')

PEOPLE = {
    # a man of 35 (expiry 2030 by the renewal rule)
    'anh': {'id': '001090012345', 'name': 'Nguyễn Văn Ánh', 'dob': '1990-07-21', 'sex': 'Nam',
            'issue': '2021-04-05', 'father': 'Nguyễn Văn Bình', 'mother': 'Trần Thị Cúc', 'old_id': '012345678'},
    # a woman over 60: no expiry ("Không thời hạn", 991231), married, no old ID
    'hoa': {'id': '079155003219', 'name': 'Lê Thị Hoà Đặng', 'dob': '1955-02-28', 'sex': 'Nữ',
            'issue': '2021-08-17', 'father': 'Lê Văn Ước', 'mother': 'Phạm Thị Ửng', 'spouse': 'Đỗ Quang Hưng',
            'old_id': ''},
    # issued within two years before 25: valid to 40 (2037)
    # registered with a birth year only (00/00/1940 on the chip): PACE only
    'ba': {'id': '001040000123', 'name': 'Vàng Thị Ba', 'dob': '1940', 'sex': 'Nữ', 'issue': '2022-03-10',
           'ethnicity': 'Mông', 'father': 'Vàng A Sùng', 'mother': 'Giàng Thị Mỷ', 'old_id': ''},
    # a long name (the MRZ cuts it at 30 characters)
    'long': {'id': '046188004321', 'name': 'Tôn Nữ Thị Phương Thảo Nguyễn Hoàng Bảo Ngọc', 'dob': '1988-12-31', 'sex': 'Nữ',
             'issue': '2021-09-30', 'father': 'Tôn Thất Hưng', 'mother': 'Nguyễn Thị Ngọc Điệp', 'old_id': '191234567'},
    # a child card (under 14, the 2023 law): valid to 14
    'be': {'id': '001315009876', 'name': 'Phạm Gia Bảo Châu', 'dob': '2015-01-10', 'sex': 'Nữ', 'issue': '2024-07-15',
           'father': 'Phạm Văn Đức', 'mother': 'Ngô Thị Thuỷ', 'old_id': ''},
    # issued within two years before 60: no expiry
    'tam': {'id': '031063007777', 'name': 'Hà Văn Tâm', 'dob': '1963-03-01', 'sex': 'Nam', 'issue': '2021-05-01',
            'father': 'Hà Văn Lộc', 'mother': 'Đinh Thị Sen', 'old_id': '031234567'},
    # entries 7 (religion), 10 (features) and 15 (old ID) absent
    'sparse': {'id': '001090012345', 'name': 'Nguyễn Văn Ánh', 'dob': '1990-07-21', 'sex': 'Nam', 'issue': '2021-04-05',
               'religion': None, 'features': None, 'old_id': ''},
    # born on 29 February: the 25th birthday falls in 2025, which has none (expiry 28/02 here; 01/03 in 'leap2')
    'leap': {'id': '001300002929', 'name': 'Đoàn Thị Nhuận', 'dob': '2000-02-29', 'sex': 'Nữ', 'issue': '2021-06-01',
             'father': 'Đoàn Văn Tư', 'mother': 'Lý Thị Năm', 'old_id': ''},
    'leap2': {'id': '001300002929', 'name': 'Đoàn Thị Nhuận', 'dob': '2000-02-29', 'sex': 'Nữ', 'issue': '2021-06-01',
              'expiry': '2025-03-01', 'father': 'Đoàn Văn Tư', 'mother': 'Lý Thị Năm', 'old_id': ''},
    'minh': {'id': '038297000518', 'name': 'Trịnh Ngọc Minh', 'dob': '1997-11-02', 'sex': 'Nữ',
             'issue': '2021-06-01', 'father': 'Trịnh Văn Quý', 'mother': 'Hoàng Thị Lụa', 'old_id': '173456789'},
}


def person_obj(key):
    return cccd_lds.Person(PEOPLE[key])


def V(name, chip=(), read=('id',), person='anh', verdict='genuine', chip_check='chip-auth', access='PACE',
      expect_fail=False, passive='valid', photo=False, fail_says=None):
    # fail_says: what the refusal must say (a wrong number and a chip that
    # cannot prove its key are not the same news for the patient)
    return dict(name=name, chip=list(chip), read=read, person=person, verdict=verdict, chip_check=chip_check,
                access=access, expect_fail=expect_fail, passive=passive, photo=photo, fail_says=fail_says)


NOCA_RSA = ['--no-ca', '--aa', 'rsa']

VARIANTS = [
    V('pace-can default (CA, RSA AA, ECDSA P-256 SOD)'),
    V('pace by QR (7 fields)', read=('qr',)),
    V('pace by QR (6 fields, no old ID)', read=('qr6',)),
    V('pace, read by MRZ', read=('mrz',), access=None),
    V('bac-only by --id --dob (expiry derived)', chip=['--no-pace'], read=('id-dob',), access='BAC'),
    V('bac-only by --id --dob --expiry', chip=['--no-pace'], read=('id-dob-exp',), access='BAC'),
    V('bac-only by QR', chip=['--no-pace'], read=('qr',), access='BAC'),
    V('bac-only by MRZ', chip=['--no-pace'], read=('mrz',), access='BAC'),
    V('bac-only, SELECT MF 6D00', chip=['--no-pace', '--select-mf-6d00'], read=('id-dob',), access='BAC'),
    V('bac-only, over 60, no expiry, by QR', chip=['--no-pace'], read=('qr6',), person='hoa', access='BAC'),
    V('bac-only, issued <2y before 25, by QR', chip=['--no-pace'], read=('qr',), person='minh', access='BAC'),
    V('pace, over 60, married, by --id', person='hoa'),
    V('AA RSA SHA-1 (BC), no CA', chip=NOCA_RSA + ['--aa-hash', 'sha1'], chip_check='active-auth'),
    V('AA RSA SHA-256 (34CC), no CA', chip=NOCA_RSA + ['--aa-hash', 'sha256'], chip_check='active-auth'),
    V('AA EC brainpool, BSI plain SHA-256', chip=['--no-ca', '--aa', 'ec'], chip_check='active-auth'),
    V('AA EC brainpool, X9.62, plain r||s', chip=['--no-ca', '--aa', 'ec', '--aa-oid', 'x962'], chip_check='active-auth'),
    V('AA EC brainpool, X9.62, DER', chip=['--no-ca', '--aa', 'ec', '--aa-oid', 'x962', '--aa-der'], chip_check='active-auth'),
    V('AA EC P-256, BSI, DER', chip=['--no-ca', '--aa', 'ec', '--aa-curve', 'p256', '--aa-der'], chip_check='active-auth'),
    V('AA EC P-256, X9.62 SHA-1 (4.1)', chip=['--no-ca', '--aa', 'ec', '--aa-curve', 'p256', '--aa-oid', 'x962',
                                            '--aa-hash', 'sha1'], chip_check='active-auth'),
    V('AA EC, BSI SHA-384', chip=['--no-ca', '--aa', 'ec', '--aa-hash', 'sha384'], chip_check='active-auth'),
    V('bac-only, AA RSA, no CA', chip=['--no-pace', '--no-ca', '--aa', 'rsa'], read=('id-dob',), access='BAC',
      chip_check='active-auth'),
    V('no CA, no AA: unverified', chip=['--no-ca', '--aa', 'none'], verdict='unverified', chip_check='not-offered'),
    V('SOD ECDSA brainpool', chip=['--sod-signature', 'ecdsa-brainpool']),
    V('SOD RSA-PSS', chip=['--sod-signature', 'rsa-pss']),
    V('SOD RSA PKCS#1 v1.5', chip=['--sod-signature', 'rsa-pkcs1']),
    V('SOD SHA-1', chip=['--sod-hash', 'sha1']),
    V('SOD SHA-384', chip=['--sod-hash', 'sha384']),
    V('SOD SHA-512 RSA-PSS', chip=['--sod-hash', 'sha512', '--sod-signature', 'rsa-pss']),
    V('max Le 128, 6700', chip=['--max-le', '128', '--too-large-le', '6700']),
    V('max Le 128, 6282', chip=['--max-le', '128', '--too-large-le', '6282']),
    V('max Le 128, 6Cxx', chip=['--max-le', '128', '--too-large-le', '6Cxx']),
    V('max Le 160, bare 6700 under SM, SSC both', chip=['--max-le', '160', '--le-error-bare']),
    V('max Le 160, bare 6700 under SM, SSC cmd', chip=['--max-le', '160', '--le-error-bare', '--bare-ssc', 'cmd']),
    V('max Le 160, bare 6282 under SM, SSC none', chip=['--max-le', '160', '--le-error-bare', '--too-large-le', '6282',
                                                      '--bare-ssc', 'none']),
    V('bac-only, max Le 128, 6700', chip=['--no-pace', '--max-le', '128'], read=('id-dob',), access='BAC'),
    V('past end of file: 6282', chip=['--past-end', '6282']),
    V('past end of file: 6700', chip=['--past-end', '6700']),
    V('parents in two sequences', chip=['--parents', 'two-sequences'], person='hoa'),
    V('DG13 entries in a SEQUENCE', chip=['--dg13-container', 'sequence']),
    V('strict DF (EF.CardAccess in MF only)', chip=['--strict-df']),
    V('no short EF identifiers', chip=['--no-sfi']),
    V('CA key P-256 with key id', chip=['--ca-curve', 'p256', '--ca-key-id', '1']),
    V('CA key with explicit curve parameters', chip=['--ca-explicit']),
    V('CA info not in EF.CardAccess', chip=['--no-ca-in-card-access']),
    V('outer SW always 9000', chip=['--outer-sw', '9000']),
    V('PACE answer with CAR (87), TA info', chip=['--pace-car', 'VNCVCA00001', '--ta-info']),
    V('two PACEInfos (AES-128, AES-256)', chip=['--pace-cipher', 'aes128', '--pace-cipher', 'aes256']),
    V('PACE AES-256 only', chip=['--pace-cipher', 'aes256']),
    V('PACE AES-192 only', chip=['--pace-cipher', 'aes192']),
    V('CA with 3DES (id-CA-ECDH-3DES-CBC-CBC)', chip=['--ca-cipher', '3des']),
    V('CA answer without 7C00', chip=['--ca-response', 'empty']),
    V('SELECT answers FCP always, no SFI', chip=['--select-fcp-always', '--no-sfi']),
    V('DG13 SET in DER order', chip=['--dg13-order', 'sorted']),
    V('DG13 ASCII fields as Numeric/IA5/VisibleString', chip=['--dg13-ascii-types']),
    V('DG13 ASCII types, bac-only, by QR', chip=['--dg13-ascii-types', '--no-pace'], read=('qr',), access='BAC'),
    V('DS P-256 explicit params', chip=['--sod-signature', 'ecdsa-p256-explicit']),
    V('CSCA+DS explicit params (brainpool DS)', chip=['--csca', 'explicit', '--sod-signature', 'ecdsa-brainpool-explicit']),
    V('SOD signer by subjectKeyIdentifier', chip=['--sod-keyid']),
    V('LDS security object v1 (LDSVersionInfo)', chip=['--lds-v1']),
    V('SOD hash AlgorithmIdentifier with NULL', chip=['--hash-null', '--sod-signature', 'rsa-pss']),
    V('face image read (--photo), 9.5 KB DG2', chip=['--face', '160x200', '--face-noise', '60'], photo=True),
    V('birth year only (00/00/1940), PACE', person='ba'),
    V('birth year only, by QR', person='ba', read=('qr',)),
    V('long name, MRZ cut', person='long', read=('qr',)),
    V('bac-only, QR 7 fields with empty old ID', chip=['--no-pace'], person='hoa', read=('qr',), access='BAC'),
    V('bac-only, strict DF', chip=['--no-pace', '--strict-df'], read=('id-dob',), access='BAC'),
    V('bac-only, MF 6D00, bare 6700 Le 160', chip=['--no-pace', '--select-mf-6d00', '--max-le', '160', '--le-error-bare'],
      read=('id-dob',), access='BAC'),
    V('MF 6D00, bare 6700 Le 160', chip=['--select-mf-6d00', '--max-le', '160', '--le-error-bare']),
    V('max Le 160, 6Cxx (in the clear too)', chip=['--max-le', '160', '--too-large-le', '6Cxx']),
    V('forged: DG13 changed after signing', chip=['--tamper', '13'], verdict='forged', passive='invalid'),
    V('forged: DG1 changed after signing', chip=['--tamper', '1'], verdict='forged', passive='invalid'),
    V('clone: CA key not DG14\'s', chip=['--clone'], verdict='forged', chip_check='failed'),
    V('clone: RSA AA key not DG15\'s', chip=['--clone', '--no-ca'], verdict='forged', chip_check='failed'),
    V('clone: EC AA key not DG15\'s', chip=['--clone', '--no-ca', '--aa', 'ec'], verdict='forged', chip_check='failed'),
    V('CSCA not trusted', chip=['--csca', 'other'], verdict='unverified', passive='untrusted'),
    V('application selected at power-up, strict DF', chip=['--app-selected', '--strict-df']),
    V("DO'99' left out of 9000 answers", chip=['--omit-99']),
    V('slow chip: 25 ms/APDU, 400 ms crypto', chip=['--latency-ms', '25', '--crypto-ms', '400']),
    V('answer #3 with a wrong MAC', chip=['--corrupt-mac-at', '3']),
    V('SM error 6988 at command #4, no session: 6982', chip=['--drop-at', '4', '--nosession-sw', '6982']),
    V('bac-only, SM error 6988 at command #3', chip=['--no-pace', '--drop-at', '3'], read=('id-dob',), access='BAC'),
    V('forged: DG14 changed after signing', chip=['--tamper', '14'], verdict='forged', passive='invalid', chip_check=None),
    V('forged: DG15 changed after signing', chip=['--tamper', '15', '--no-ca'], verdict='forged', passive='invalid',
      chip_check=None),
    V('DG13 left out of the SOD', chip=['--sod-omit', '13'], verdict='forged', passive='invalid', chip_check=None),
    V('AA replays a recorded signature (RSA)', chip=['--no-ca', '--aa-replay'], verdict='forged', chip_check='failed'),
    V('AA replays a recorded signature (EC)', chip=['--no-ca', '--aa', 'ec', '--aa-replay'], verdict='forged',
      chip_check='failed'),
    V('PACE chip sends a wrong T_IC', chip=['--bad-tic'], expect_fail=True, fail_says='not a genuine chip'),
    V('BAC chip echoes a wrong RND.IFD', chip=['--no-pace', '--bac-bad-rnd'], read=('id-dob',), expect_fail=True,
      fail_says='not a genuine chip'),
    V('bac-only, child card (valid to 14), by QR', chip=['--no-pace'], person='be', read=('qr',), access='BAC'),
    V('bac-only, issued <2y before 60, by QR', chip=['--no-pace'], person='tam', read=('qr',), access='BAC'),
    V('DG13 entries 7, 10, 15 absent', person='sparse'),
    V('bac-only by --id alone: refused (needs the birth date)', chip=['--no-pace'], read=('id',), expect_fail=True),
    V('extended length (ATR says so), Le up to 1024', chip=['--extended', '1024']),
    V('extended length, Le up to 65536', chip=['--extended', '65536']),
    V('extended length 65536, photo', chip=['--extended', '65536', '--face', '160x200', '--face-noise', '60'], photo=True),
    V('extended length, bac-only', chip=['--extended', '1024', '--no-pace'], read=('id-dob',), access='BAC'),
    V('extended length with photo (9.5 KB DG2)', chip=['--extended', '1024', '--face', '160x200', '--face-noise', '60'],
      photo=True),
    V('DG2 changed after signing, not read: still genuine', chip=['--tamper', '2']),
    V('DG2 changed after signing, read (--photo): forged', chip=['--tamper', '2'], photo='any', verdict='forged',
      passive='invalid', chip_check=None),
    # a T=0 contact chip (the card's contact plate in a contact reader):
    # every answer with data comes as 61xx and is fetched by GET RESPONSE
    V('T=0 contact: 61xx + GET RESPONSE', chip=['--t0', '256']),
    V('T=0 contact, GET RESPONSE 64 bytes at a time', chip=['--t0', '64']),
    V('T=0 contact, bac-only', chip=['--t0', '256', '--no-pace'], read=('id-dob',), access='BAC'),
    V('T=0 contact, photo, 64 bytes at a time', chip=['--t0', '64', '--face', '160x200', '--face-noise', '60'],
      photo=True),
    V('T=0 contact, max Le 128, 6Cxx', chip=['--t0', '64', '--max-le', '128', '--too-large-le', '6Cxx']),
    V('T=0 contact, past end of file: 6282', chip=['--t0', '64', '--past-end', '6282']),
    V('T=0 contact, 6100 for any length, 6Cxx to GET RESPONSE', chip=['--t0', '256', '--t0-announce-00']),
    # a face image past 32767 bytes: its end read by READ BINARY B1, the
    # offset in DO'54', under secure messaging in DO'85'
    V('photo of 42 KB (READ BINARY B1)', chip=['--face', '320x400', '--face-noise', '90'], photo=True),
    V('photo of 42 KB, bac-only (3DES)', chip=['--face', '320x400', '--face-noise', '90', '--no-pace'],
      read=('id-dob',), access='BAC', photo=True),
    V('photo of 90 KB (offsets past 65535: three bytes)', chip=['--face', '480x560', '--face-noise', '90'],
      photo=True),
    V('photo of 42 KB, 6700 past the end of a file', chip=['--face', '320x400', '--face-noise', '90', '--past-end',
                                                            '6700'], photo=True),
    V('photo of 42 KB, max Le 128, 6Cxx', chip=['--face', '320x400', '--face-noise', '90', '--max-le', '128',
                                                '--too-large-le', '6Cxx'], photo=True),
    V('wrong ID number is refused', read=('wrong-id',), expect_fail=True, fail_says='refused every access key'),
    V('bac-only, wrong birth date is refused', chip=['--no-pace'], read=('wrong-dob',), expect_fail=True),
]


INFO_ONLY = [
    # where no source says what the card carries; reported, never counted as a failure
    V('info: born 29 Feb, expiry 28/02/2025, by QR', chip=['--no-pace'], person='leap', read=('qr',), access='BAC'),
    V('info: born 29 Feb, expiry 01/03/2025, by QR', chip=['--no-pace'], person='leap2', read=('qr',), access='BAC'),
]


def read_args(kind, p):
    l1, l2, l3 = p.mrz_lines()
    if kind == 'id':
        return ['--id', p.id]
    if kind == 'wrong-id':
        return ['--id', p.id[:-6] + ('%06d' % ((int(p.can) + 1) % 1000000))]
    if kind == 'wrong-dob':
        return ['--id', p.id, '--dob', p.mrz_dob[:4] + '%02d' % (int(p.mrz_dob[4:]) % 28 + 1)]
    if kind == 'id-dob':
        return ['--id', p.id, '--dob', p.mrz_dob]
    if kind == 'id-dob-exp':
        return ['--id', p.id, '--dob', p.mrz_dob, '--expiry', p.mrz_doe]
    if kind == 'qr':
        return ['--qr', p.qr_text(True)]
    if kind == 'qr6':
        return ['--qr', p.qr_text(False)]
    if kind == 'mrz':
        return ['--mrz', '\n'.join((l1, l2, l3))]
    raise ValueError(kind)


# ---------------------------------------------------------------------------
def inner(spec_path):
    spec = json.load(open(spec_path))
    port = os.environ['TD_VPCD_PORT']
    ready = spec['out'] + '.ready'
    if os.path.exists(ready):
        os.unlink(ready)
    pfile = spec['out'] + '.person.json'
    json.dump(PEOPLE[spec['person']], open(pfile, 'w'), ensure_ascii=False)
    chip = subprocess.Popen(['/usr/bin/python3', CHIP, '--port', port, '--pki-dir', spec['pki'], '--person', pfile,
                             '--log', spec['out'] + '.chip.log', '--ready-file', ready,
                             '--dump-dir', spec['out'] + '.dump'] + spec['chip'],
                            stdout=subprocess.DEVNULL, stderr=open(spec['out'] + '.chip.err', 'w'))
    try:
        t0 = time.time()
        while not os.path.exists(ready) and time.time() - t0 < 15 and chip.poll() is None:
            time.sleep(0.05)
        # pcscd notices the card at its next poll of the vpcd slot: until
        # then tiepdon says there is no card, and is asked again
        cmd = [spec['tiepdon'], 'read', '--json', '--trace', '--trust', os.path.join(spec['pki'], 'trust')] + spec['args']
        for attempt in range(40):
            try:
                r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
                rc, out, err = r.returncode, r.stdout, r.stderr
            except subprocess.TimeoutExpired as e:
                rc, out, err = 'timeout', e.stdout or b'', e.stderr or b''
            if rc != 0 and b'no card in any reader' in err:
                time.sleep(0.1)
                continue
            break
        json.dump({'rc': rc, 'stdout': out.decode('utf-8', 'replace'), 'stderr': err.decode('utf-8', 'replace')},
                  open(spec['out'] + '.result.json', 'w'), ensure_ascii=False)
    finally:
        chip.send_signal(signal.SIGTERM)
        try:
            chip.wait(5)
        except subprocess.TimeoutExpired:
            chip.kill()
            chip.wait()
    return 0


def evaluate(v, p, res):
    problems = []
    rc = res['rc']
    try:
        j = json.loads(res['stdout']) if res['stdout'].strip() else None
    except ValueError:
        j = None
    if v['expect_fail']:
        if rc == 0:
            problems.append('read succeeded with a wrong key')
        elif rc != 1 or 'no card' in res['stderr']:
            problems.append('exit %s, not the refusal expected: %s' % (rc, res['stderr'].strip().splitlines()[-1:]))
        elif v['fail_says'] and v['fail_says'] not in res['stderr']:
            problems.append('refused, but not saying "%s": %s' % (v['fail_says'],
                                                                 res['stderr'].strip().splitlines()[-1:]))
        return problems, j
    if rc != 0:
        err = res['stderr'].strip().splitlines()
        msg = [l for l in err if not l.startswith(('>>', '<<'))]
        problems.append('exit %s: %s' % (rc, ' / '.join(msg[-3:])[:300]))
        return problems, j
    if j is None:
        problems.append('no JSON')
        return problems, j
    per = j.get('personal') or {}
    want = {'nationality': p.nationality, 'ethnicity': p.ethnicity, 'religion': p.religion,
            'place_of_origin': p.origin, 'place_of_residence': p.residence, 'identification_features': p.features,
            'id_number': p.id, 'full_name': unicodedata.normalize('NFC', p.name),
            'date_of_birth': p.dob_iso, 'father_name': p.father, 'mother_name': p.mother,
            'spouse_name': p.spouse, 'old_id_number': p.old_id or None,
            'expiry_date': p.expiry.isoformat() if p.expiry else None,
            'issue_date': p.issue.isoformat(), 'sex': p.sex}
    for k, w in want.items():
        if per.get(k) != w:
            problems.append('%s=%r (want %r)' % (k, per.get(k), w))
    if j.get('warnings'):
        problems.append('warnings %s' % j['warnings'])
    mrz = ''.join(p.mrz_lines())
    if j.get('mrz') != mrz and '--tamper' not in v['chip']:
        problems.append('mrz %r (want %r)' % (j.get('mrz'), mrz))
    ver = j.get('verification') or {}
    if ver.get('passive') != v['passive']:
        problems.append('passive %s (want %s)' % (ver.get('passive'), v['passive']))
    if v['photo'] == 'any':
        pass
    elif v['photo']:
        try:
            got = open(res['photo'], 'rb').read()
        except (OSError, KeyError):
            got = None
        want_jpeg = open(res['dump'] + '/face.jpg', 'rb').read()
        if got != want_jpeg:
            problems.append('photo differs from the chip\'s JPEG (%s bytes, want %d)' % (len(got) if got else None, len(want_jpeg)))
    if ver.get('verdict') != v['verdict']:
        problems.append('verdict %s (want %s): %s' % (ver.get('verdict'), v['verdict'], ver.get('reasons')))
    if v['chip_check'] is not None and ver.get('chip') != v['chip_check']:
        problems.append('chip check %s (want %s)' % (ver.get('chip'), v['chip_check']))
    if v['access'] and j.get('access_method') != v['access']:
        problems.append('access %s (want %s)' % (j.get('access_method'), v['access']))
    if '--t0' in v['chip']:
        # the read went through GET RESPONSE, not round it
        try:
            with open(res['chip_log']) as log:
                fetched = re.findall(r'^# (\d+) of them GET RESPONSE$', log.read(), re.M)
        except OSError:
            fetched = []
        if not fetched or int(fetched[-1]) == 0:
            problems.append('no answer fetched by GET RESPONSE (chip log: %s)' % (fetched or 'no count'))
    return problems, j


def outer(a):
    out = a.out or tempfile.mkdtemp(prefix='ichip-matrix.')
    os.makedirs(out, exist_ok=True)
    pki = os.path.join(out, 'pki')
    for kind in ('ecdsa-p256', 'ecdsa-brainpool', 'rsa-pss', 'rsa-pkcs1', 'ecdsa-p256-explicit'):
        cccd_lds.ensure_pki(pki, kind)
    cccd_lds.ensure_pki(pki, 'ecdsa-brainpool-explicit', 'explicit')
    cccd_lds.ensure_pki(pki, 'ecdsa-p256', 'other')
    # a snapshot of the binary: a build running beside us may relink it mid-matrix
    snap = os.path.join(out, 'tiepdon')
    for attempt in range(20):
        try:
            shutil.copy2(a.tiepdon, snap)
            if subprocess.run([snap, '--help'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
                break
        except OSError:
            pass
        time.sleep(1)
    else:
        snap = a.tiepdon
    def run_variant(i, v):
        """One variant in a private pcscd of its own: (failed, its line)."""
        info_only = i >= len(VARIANTS)
        p = person_obj(v['person'])
        base = os.path.join(out, 'v%02d' % i)
        for suffix in ('.chip.log', '.result.json'):
            if os.path.exists(base + suffix):
                os.unlink(base + suffix)
        args = read_args(v['read'][0], p)
        if v['photo']:
            args += ['--photo', base + '.photo.jpg']
            if os.path.exists(base + '.photo.jpg'):
                os.unlink(base + '.photo.jpg')
        spec = {'out': base, 'pki': pki, 'person': v['person'], 'chip': v['chip'], 'tiepdon': snap,
                'args': args}
        json.dump(spec, open(base + '.spec.json', 'w'), ensure_ascii=False)
        t0 = time.time()
        # each pcscd has a network namespace of its own: the same port in each
        wpp = subprocess.run([a.wpp, str(a.port), '/usr/bin/python3', os.path.abspath(__file__), '--inner',
                              base + '.spec.json'],
                             stdout=subprocess.DEVNULL, stderr=open(base + '.pcscd.err', 'w'), timeout=120)
        if wpp.returncode == 77:
            # no pcscd or vpcd driver here (with-private-pcscd.sh says which)
            return None, 'SKIP v%02d %s: %s' % (i, v['name'], open(base + '.pcscd.err').read().strip())
        try:
            res = json.load(open(base + '.result.json'))
        except (OSError, ValueError):
            res = {'rc': 'no result', 'stdout': '', 'stderr': open(base + '.pcscd.err').read()}
        res['photo'] = base + '.photo.jpg'
        res['dump'] = base + '.dump'
        res['chip_log'] = base + '.chip.log'
        problems, j = evaluate(v, p, res)
        ver = (j or {}).get('verification') or {}
        per = (j or {}).get('personal') or {}
        info = '%s %s "%s" %s %s/%s apdus=%s' % ((j or {}).get('access_method', '-'), per.get('id_number', '-'),
                                               per.get('full_name', '-'), per.get('date_of_birth', '-'),
                                               ver.get('verdict', '-'), ver.get('chip', '-'),
                                               (j or {}).get('apdu_count', '-'))
        if not j and res.get('rc') not in (0, None):
            info = 'exit %s (%s)' % (res.get('rc'), 'refused as expected' if v['expect_fail'] and not problems else 'no read')
        status = 'PASS' if not problems else ('INFO' if info_only else 'FAIL')
        line = '%-4s v%02d %-46s %-78s %4.1fs%s' % (status, i, v['name'], info, time.time() - t0,
                                                   ('\n       ' + '\n       '.join(problems)) if problems else '')
        return bool(problems) and not info_only, line

    failed = 0
    t_start = time.time()
    chosen = [(i, v) for i, v in enumerate(VARIANTS + INFO_ONLY) if not a.only or a.only in v['name']]
    # two at a time: each mostly waits (pcscd starting, the chip's
    # openssl, the slow-chip variant), and CI's two cores run other tests
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        skipped = 0
        for variant_failed, line in pool.map(lambda iv: run_variant(*iv), chosen):
            skipped += variant_failed is None
            failed += bool(variant_failed)
            print(line, flush=True)
    if chosen and skipped == len(chosen):
        return 77
    print('%d failed; logs in %s; %.0f s' % (failed, out, time.time() - t_start))
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('tiepdon', nargs='?')
    ap.add_argument('wpp', nargs='?')
    ap.add_argument('--port', type=int, default=35971)
    ap.add_argument('--out')
    ap.add_argument('--only')
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--inner')
    a = ap.parse_args()
    if a.inner:
        return inner(a.inner)
    if not a.tiepdon or not a.wpp:
        ap.error('usage: matrix.py TIEPDON WITH_PRIVATE_PCSCD')
    return outer(a)


if __name__ == '__main__':
    sys.exit(main())
