#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpus of fuzz-keymap (seeds/keymap/) from the recorded
scanner streams (streams/*.evemu).

Run once by hand; the output is committed. Each key event becomes 9 bytes
as fuzz-keymap.c reads them: type, code (2 bytes), value (4, signed), the
time since the event before in tenths of a millisecond (2). The streams'
EV_MSC and EV_SYN events are left out to keep the seeds short: the fuzzer
puts others in."""
import glob
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "seeds", "keymap")
EV_KEY = 1


def convert(path):
    out = b""
    last = None
    for line in open(path):
        if not line.startswith("E:"):
            continue
        stamp, etype, code, value = line.split("#")[0].split()[1:5]
        etype, code, value = int(etype, 16), int(code, 16), int(value)
        if etype != EV_KEY:
            continue
        sec, usec = stamp.split(".")
        now = int(sec) * 1000000 + int(usec)
        tenths = 0 if last is None else min((now - last) // 100, 0xFFFF)
        last = now
        out += struct.pack(">BHiH", etype, code, value, tenths)
    return out


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    for path in sorted(glob.glob(os.path.join(HERE, "streams", "*.evemu"))):
        name = os.path.splitext(os.path.basename(path))[0]
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(convert(path))


if __name__ == "__main__":
    main()
