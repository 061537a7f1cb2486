/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One header, named by TD_HEADER, included from code built like ui/ (every
 * room's public headers): tests/layering/test-layering.sh checks that a
 * room's private header is refused and a public one builds. */
#include TD_HEADER

int
main(void)
{
	return 0;
}
