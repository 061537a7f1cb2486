/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sorts timings ascending in place, for the benchmarks' medians and
 * percentiles (values[n / 2], values[n * 99 / 100]). */
void td_test_sort_doubles(gdouble *values, gsize n);

G_END_DECLS
