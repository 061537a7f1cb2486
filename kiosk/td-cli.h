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

G_END_DECLS
