#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the scanner recordings in streams/ (evemu-record format).

Each is what a 2D scanner in USB keyboard emulation sends for one scan:
MSC_SCAN + EV_KEY + SYN_REPORT per key press and release, a few ms apart,
shift held around upper-case letters and symbols, as a real one does. A
recording from a real scanner (`evemu-record /dev/input/eventN`, package
evemu-tools) has the same format and can be dropped in beside them.

Run from this folder: ./make-streams.py
"""

import os

EV_SYN, EV_KEY, EV_MSC = 0, 1, 4
SYN_REPORT, MSC_SCAN = 0, 4

KEY = {
    'ESC': 1, '1': 2, '2': 3, '3': 4, '4': 5, '5': 6, '6': 7, '7': 8, '8': 9,
    '9': 10, '0': 11, 'MINUS': 12, 'EQUAL': 13, 'TAB': 15, 'Q': 16, 'W': 17,
    'E': 18, 'R': 19, 'T': 20, 'Y': 21, 'U': 22, 'I': 23, 'O': 24, 'P': 25,
    'LEFTBRACE': 26, 'RIGHTBRACE': 27, 'ENTER': 28, 'LEFTCTRL': 29, 'A': 30,
    'S': 31, 'D': 32, 'F': 33, 'G': 34, 'H': 35, 'J': 36, 'K': 37, 'L': 38,
    'SEMICOLON': 39, 'APOSTROPHE': 40, 'GRAVE': 41, 'LEFTSHIFT': 42,
    'BACKSLASH': 43, 'Z': 44, 'X': 45, 'C': 46, 'V': 47, 'B': 48, 'N': 49,
    'M': 50, 'COMMA': 51, 'DOT': 52, 'SLASH': 53, 'RIGHTSHIFT': 54,
    'LEFTALT': 56, 'SPACE': 57, 'CAPSLOCK': 58, 'KP7': 71, 'KP8': 72,
    'KP9': 73, 'KP4': 75, 'KP5': 76, 'KP6': 77, 'KP1': 79, 'KP2': 80,
    'KP3': 81, 'KP0': 82, 'KPENTER': 96,
}
# HID usage IDs (page 7) for the MSC_SCAN events, as usbhid reports them.
HID = {'ENTER': 0x28, 'LEFTSHIFT': 0xe1, 'RIGHTSHIFT': 0xe5, 'LEFTALT': 0xe2,
       'CAPSLOCK': 0x39, 'KPENTER': 0x58}

PLAIN = {'-': 'MINUS', '=': 'EQUAL', '[': 'LEFTBRACE', ']': 'RIGHTBRACE',
         ';': 'SEMICOLON', "'": 'APOSTROPHE', '`': 'GRAVE', '\\': 'BACKSLASH',
         ',': 'COMMA', '.': 'DOT', '/': 'SLASH', ' ': 'SPACE'}
SHIFTED = {'!': '1', '@': '2', '#': '3', '$': '4', '%': '5', '^': '6', '&': '7',
           '*': '8', '(': '9', ')': '0', '_': 'MINUS', '+': 'EQUAL',
           '{': 'LEFTBRACE', '}': 'RIGHTBRACE', ':': 'SEMICOLON',
           '"': 'APOSTROPHE', '~': 'GRAVE', '|': 'BACKSLASH', '<': 'COMMA',
           '>': 'DOT', '?': 'SLASH'}


class Recorder:
    def __init__(self, step_us=1800):
        self.t = 1000000  # 1 s: the first event's time stamp
        self.step = step_us
        self.lines = []

    def key(self, name, value):
        self.t += self.step
        sec, usec = divmod(self.t, 1000000)
        stamp = '%d.%06d' % (sec, usec)
        self.lines.append('E: %s %04x %04x %d' % (stamp, EV_MSC, MSC_SCAN, 0x70000 + HID.get(name, KEY[name])))
        self.lines.append('E: %s %04x %04x %d\t# KEY_%s %d' % (stamp, EV_KEY, KEY[name], value, name, value))
        self.lines.append('E: %s %04x %04x %d' % (stamp, EV_SYN, SYN_REPORT, 0))

    def tap(self, name):
        self.key(name, 1)
        self.key(name, 0)

    def pause(self, ms):
        self.t += ms * 1000

    def type(self, text, caps_lock=False, alt_codes=False):
        for ch in text:
            if ch == '\n':
                self.tap('ENTER')
            elif ord(ch) > 127:
                if not alt_codes:
                    continue  # a scanner in plain keyboard mode drops it
                # Alt held, the decimal code point on the keypad.
                self.key('LEFTALT', 1)
                for digit in str(ord(ch)):
                    self.tap('KP' + digit)
                self.key('LEFTALT', 0)
            elif ch.isalpha():
                upper = ch.isupper()
                if upper != caps_lock:
                    self.key('LEFTSHIFT', 1)
                    self.tap(ch.upper())
                    self.key('LEFTSHIFT', 0)
                else:
                    self.tap(ch.upper())
            elif ch.isdigit():
                self.tap(ch)
            elif ch in PLAIN:
                self.tap(PLAIN[ch])
            elif ch in SHIFTED:
                self.key('RIGHTSHIFT', 1)
                self.tap(SHIFTED[ch])
                self.key('RIGHTSHIFT', 0)
            else:
                raise ValueError(ch)

    def write(self, path, description):
        with open(path, 'w') as f:
            f.write('# EVEMU 1.3\n')
            f.write('# %s\n' % description)
            f.write('# Written by make-streams.py in the format of evemu-record\n')
            f.write('N: tiepdon test 2D scanner\n')
            f.write('I: 0003 0c2e 0b07 0110\n')
            f.write('\n'.join(self.lines) + '\n')


def mrz_check(field):
    weights = (7, 3, 1)
    total = 0
    for i, ch in enumerate(field):
        if ch.isdigit():
            v = int(ch)
        elif ch.isalpha():
            v = ord(ch) - ord('A') + 10
        else:
            v = 0
        total += v * weights[i % 3]
    return str(total % 10)


def td1_mrz():
    doc = '203012345'
    line1 = 'IDVNM' + doc + mrz_check(doc) + '079203012345<<<'
    birth, expiry = '900315', '300315'
    line2 = birth + mrz_check(birth) + 'M' + expiry + mrz_check(expiry) + 'VNM' + '<' * 11
    composite = line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29]
    line2 += mrz_check(composite)
    line3 = 'NGUYEN<<VAN<AN'.ljust(30, '<')
    assert len(line1) == len(line2) == len(line3) == 30
    return line1 + line2 + line3


QR_ASCII = ('079203012345|025123456|Nguyen Van An|15031990|Nam|'
            'Thon 3, Xa An Binh, Huyen Di Linh, Lam Dong|01072021')
QR_UNICODE = ('079203012345|025123456|Nguyễn Văn An|15031990|Nam|'
              'Thôn 3, Xã An Bình, Huyện Di Linh, Lâm Đồng|01072021')

QR_TRAINING = '001058012345|011234567|Nguyễn Văn An|15031958|Nam|Số 12 ngõ 34, Kim Mã|10052021'

if __name__ == '__main__':
    os.makedirs('streams', exist_ok=True)

    r = Recorder()
    r.type('079203012345\n')
    r.write('streams/id-digits.evemu', 'a 12-digit ID number, then Enter')

    r = Recorder()
    r.type(QR_ASCII + '\n')
    r.write('streams/cccd-qr-ascii.evemu',
            "the CCCD front QR from a scanner that drops non-ASCII letters: '|' is shift+backslash")

    r = Recorder()
    r.type(QR_UNICODE + '\n', alt_codes=True)
    r.write('streams/cccd-qr-altcodes.evemu',
            'the CCCD front QR from a scanner in Alt+keypad (Unicode) mode')

    r = Recorder()
    r.tap('CAPSLOCK')
    r.type(td1_mrz(), caps_lock=True)
    r.tap('CAPSLOCK')
    r.tap('KPENTER')
    r.write('streams/mrz-td1.evemu',
            "a TD1 MRZ, 90 characters without line breaks, typed with Caps Lock on: '<' is shift+comma; keypad Enter")

    # A scan cut short (the card pulled away), a pause, then a whole one:
    # only the whole one may come out.
    r = Recorder()
    r.type('0792030')
    r.pause(800)
    r.type('079203012345\n')
    r.write('streams/interrupted.evemu', 'a partial scan, 800 ms of nothing, then a whole ID')

    # The training mode's first citizen (reader/virtual-chip/profiles/
    # example.ini), as a scanner in Alt+keypad mode sends her card's QR:
    # the UI test replays it into the running kiosk.
    r = Recorder()
    r.type(QR_TRAINING + '\n', alt_codes=True)
    r.write('streams/training-example-qr.evemu',
            "the QR of the training citizen in example.ini, from a scanner in Alt+keypad (Unicode) mode")

    print(td1_mrz())
