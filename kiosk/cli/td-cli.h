/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The `tiepdon` command's subcommands. Each gets argv with argv[0] set to
 * "tiepdon SUBCOMMAND", parses its own options (GOptionContext) and returns
 * the process exit status: 0 success, 1 a failure it reported on stderr,
 * 2 a usage error. */
int td_cli_read(int argc, char **argv);
int td_cli_eligibility(int argc, char **argv);
int td_cli_report(int argc, char **argv);   /* kiosk/td-cli-report.c */
int td_cli_export(int argc, char **argv);   /* kiosk/td-cli-report.c */
int td_cli_purge(int argc, char **argv);    /* kiosk/td-cli-report.c */
int td_cli_checkin(int argc, char **argv);  /* kiosk/td-cli-checkin.c */
int td_cli_doctor(int argc, char **argv);   /* kiosk/td-cli-doctor.c */
int td_cli_set_pin(int argc, char **argv);  /* kiosk/td-cli-report.c */

G_END_DECLS
