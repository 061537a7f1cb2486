/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "td-reader-error.h"

G_DEFINE_QUARK(td-reader-error-quark, td_reader_error)

gboolean
td_reader_error_ends_conversation(const GError *error)
{
	return g_error_matches(error, TD_READER_ERROR, TD_READER_ERROR_CARD_REMOVED) ||
	       g_error_matches(error, TD_READER_ERROR, TD_READER_ERROR_NO_SERVICE) ||
	       g_error_matches(error, TD_READER_ERROR, TD_READER_ERROR_CANCELLED) ||
	       g_error_matches(error, TD_READER_ERROR, TD_READER_ERROR_TIMEOUT) ||
	       g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}
