/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fuzz target that finds a bug at once: the input "crash" (its seed)
 * aborts. run-fuzzer.sh must then fail, and not with libFuzzer's 77,
 * which meson reads as a skipped test (check-runner-fails.sh): a crash
 * in any real target would have read as "SKIP". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size >= 5 && memcmp(data, "crash", 5) == 0)
		abort();
	return 0;
}
