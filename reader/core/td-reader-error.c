/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-reader-error.h"

G_DEFINE_QUARK(td-reader-error-quark, td_reader_error)
