/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include "td-test-figures.h"

static int
compare_double(const void *a, const void *b)
{
	gdouble x = *(const gdouble *)a, y = *(const gdouble *)b;
	return x < y ? -1 : x > y;
}

void
td_test_sort_doubles(gdouble *values, gsize n)
{
	qsort(values, n, sizeof(gdouble), compare_double);
}
