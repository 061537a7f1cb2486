#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The settings tiepdon knows (kiosk/storage/td-config-keys.c) against
the keys its readers of tiepdon.conf name, both ways: a key a reader asks
for that the table lacks would be called a slip by the doctor, and one
the table keeps that nobody reads would hide a real slip.

The readers are named below, and every group they name must be in the
table; any other C file that reads a key file, or hands tiepdon.conf's
on, must be one of the few listed as not readers, so a new reader is not
missed. [gateway]'s keys are left out: net/td-gateway-config.c knows them
by reading them (td_settings_add_unknown_keys); the other groups it
reads ([station] code) are held here."""

import re
import sys
from pathlib import Path

# the files that read tiepdon.conf, and the calls in each that take a
# literal group and key ("group", "key") or, in the daily report's
# settings, a key of [report] alone
READERS = {
    "kiosk/storage/td-config.c": r"config_get_(?:string|path|uint|bool)",
    "kiosk/devices/td-device-settings.c": r"settings_(?:boolean|string)|g_key_file_(?:has_key|get_integer)",
    "net/td-report-client.c": r"td_net_key_file_get_(?:string|seconds)",
    "kiosk/report/td-report-settings.c": r"settings_get_(?:text|number)",
    "net/td-gateway-config.c": r"config_get_string",
}
REPORT_ONLY = "kiosk/report/td-report-settings.c"
# C files that read key files other than tiepdon.conf, or hand
# tiepdon.conf's to the readers above
NOT_READERS = {
    "kiosk/storage/td-config-keys.c",  # the table itself
    "net/td-settings-check.c",  # lists a group's keys to compare
    "net/td-net-util.c",  # the helpers td-report-client.c calls
    "net/hub/td-hub-main.c",  # the hub's own hub.conf
    "ui/td-demo-env.c",  # the training mode's chip profile and gateway
    "kiosk/cli/td-cli-eligibility.c",  # to td_gateway_config_new_from_key_file
    "kiosk/doctor/td-doctor.c",  # to td_deploy_checks_run: td_device_settings_new
    "kiosk/session/td-checkin-kiosk.c",  # to td_device_settings_new
    "ui/td-kiosk-context.c",  # to td_device_settings_new
}
# what reading tiepdon.conf, or a key file, looks like in C
READS_KEY_FILE = r"\bg_key_file_(?:get|has)_|\btd_net_key_file_get_|->key_file\b|\btd_config_read_key_file\("


def known_table(root):
    text = (root / "kiosk/storage/td-config-keys.c").read_text()
    body = text[text.index("td_config_known[] = {"):]
    body = body[: body.index("\n};")]
    table = {}
    for m in re.finditer(r'\{"([a-z-]+)",\s*\{([^}]*)\}\}', body):
        table[m.group(1)] = set(re.findall(r'"([a-z0-9-]+)"', m.group(2)))
    return table


def read_keys(root):
    found = set()
    for path, calls in READERS.items():
        text = (root / path).read_text()
        for m in re.finditer(r"\b(?:%s)\(([^;]*?)\)[;,|)\s]" % calls, text, re.S):
            literals = re.findall(r'"([a-z][a-z0-9-]*)"', m.group(1))
            if path == REPORT_ONLY:
                found.update(("report", k) for k in literals[:1])
            elif len(literals) >= 2 and literals[0] != "gateway":
                found.add((literals[0], literals[1]))
    return found


def main():
    root = Path(sys.argv[1])
    problems = []
    table = known_table(root)
    groups = set(table) - {"gateway"}
    if not groups:
        problems.append("no table found in td-config-keys.c")
    listed = {(g, k) for g in groups for k in table[g]}
    read = read_keys(root)

    for g in sorted({g for g, _ in read} - groups):
        problems.append(f"[{g}] is read but not a group of td-config-keys.c: the doctor would call it a slip")
    for g, k in sorted(read - listed):
        problems.append(f"[{g}] {k} is read but not in td-config-keys.c: the doctor would call it a slip")
    for g, k in sorted(listed - read):
        problems.append(f"[{g}] {k} is in td-config-keys.c but no reader asks for it")
    for path in sorted(root.glob("*/**/*.c")):
        rel = path.relative_to(root).as_posix()
        if rel.split("/")[0] not in ("kiosk", "ui", "net") or "virtual-chip" in rel:
            continue
        if rel in READERS or rel in NOT_READERS:
            continue
        if re.search(READS_KEY_FILE, path.read_text()):
            problems.append(f"{rel} reads a key file: add it to READERS (and its keys to the table) or NOT_READERS")
    for p in problems:
        print(p)
    print(f"{len(listed)} settings known in {len(groups)} groups, {len(read)} read by the readers")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
