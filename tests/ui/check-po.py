#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The kiosk's catalogues are complete: every message the sources mark
(xgettext over ui/po/POTFILES) is in ui/po/vi.po and ui/po/en.po with a
translation (every plural form), msgfmt --check accepts both (format
strings match their msgid), every ui/ source that marks a message is in
POTFILES, and each message said to a patient by td_patient_view_addressed()
has its ông / bà / child forms (contexts address-man, -woman, -child).

    check-po.py SOURCE_ROOT
"""
import os
import re
import subprocess
import sys
import tempfile

ADDRESS_CONTEXTS = ('address-man', 'address-woman', 'address-child')
LANGUAGES = ('vi', 'en')


def unescape(text):
    return re.sub(r'\\(.)', lambda m: {'n': '\n', 't': '\t'}.get(m.group(1), m.group(1)), text)


def parse_po(path):
    """{(msgctxt, msgid): {field: text}} of a .po or .pot file."""
    entries = {}
    entry = {}
    field = None

    def flush():
        if 'msgid' in entry:
            entries[(entry.get('msgctxt'), entry['msgid'])] = dict(entry)

    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line.strip():
                flush()
                entry, field = {}, None
                continue
            if line.startswith('#'):
                continue
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if m:
                field = m.group(1)
                entry[field] = unescape(m.group(2))
                continue
            m = re.match(r'"(.*)"$', line)
            if m and field is not None:
                entry[field] += unescape(m.group(1))
    flush()
    entries.pop((None, ''), None)
    return entries


def addressed_msgids(sources):
    """The N_("...") strings passed to td_patient_view_addressed()."""
    found = set()
    call = re.compile(r'td_patient_view_addressed\s*\([^,;]*,\s*N_\(')
    literal = re.compile(r'\s*"((?:[^"\\]|\\.)*)"')
    for path in sources:
        with open(path, encoding='utf-8') as f:
            text = f.read()
        for m in call.finditer(text):
            pos, parts = m.end(), []
            while True:
                lit = literal.match(text, pos)
                if not lit:
                    break
                parts.append(unescape(lit.group(1)))
                pos = lit.end()
            if parts:
                found.add(''.join(parts))
    return found


def main():
    root = sys.argv[1]
    po_dir = os.path.join(root, 'ui', 'po')
    problems = []
    with open(os.path.join(po_dir, 'POTFILES'), encoding='utf-8') as f:
        listed = [line.strip() for line in f if line.strip() and not line.startswith('#')]
    sources = [os.path.join(root, p) for p in listed]

    for name in sorted(os.listdir(os.path.join(root, 'ui'))):
        if not name.endswith('.c'):
            continue
        with open(os.path.join(root, 'ui', name), encoding='utf-8') as f:
            text = f.read()
        if re.search(r'\b(_|N_|C_|NC_)\("', text) and 'ui/' + name not in listed:
            problems.append('ui/%s marks messages but is not in POTFILES' % name)

    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'ui.pot')
        subprocess.run(['xgettext', '--from-code=UTF-8', '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2',
                        '--keyword=NC_:1c,2', '--keyword=g_dngettext:2,3', '-o', pot] + sources,
                       check=True, stderr=subprocess.DEVNULL)
        wanted = parse_po(pot)
        for lang in LANGUAGES:
            path = os.path.join(po_dir, lang + '.po')
            check = subprocess.run(['msgfmt', '--check', '-o', os.path.join(tmp, lang + '.mo'), path],
                                   capture_output=True, text=True)
            if check.returncode != 0:
                problems.append('%s.po: msgfmt --check: %s' % (lang, check.stderr.strip()))
            have = parse_po(path)
            for key, entry in wanted.items():
                got = have.get(key)
                label = '%s.po: %s%r' % (lang, key[0] + ' | ' if key[0] else '', key[1])
                if got is None:
                    problems.append(label + ' is missing')
                    continue
                translations = [v for k, v in got.items() if k.startswith('msgstr')]
                if 'msgid_plural' in entry and 'msgstr[0]' not in got:
                    problems.append(label + ' has no plural forms')
                if not translations or any(t == '' for t in translations):
                    problems.append(label + ' is not translated')
            for msgid in sorted(addressed_msgids(sources)):
                for context in ADDRESS_CONTEXTS:
                    got = have.get((context, msgid))
                    if got is None or not got.get('msgstr'):
                        problems.append('%s.po: %s | %r (said to a patient) is missing' % (lang, context, msgid))

    for problem in problems:
        print(problem)
    print('%d messages, %d addressed, %d problems' % (len(wanted), len(addressed_msgids(sources)), len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
