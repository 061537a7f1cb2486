/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What every JSON writer of the tree does the same way: a string member
 * that may be missing (JSON null then), and the finished document as
 * text. Knows nothing of cards: net/ and kiosk/ use it too. */
void td_json_add_string(JsonBuilder *builder, const gchar *member, const gchar *value);
/* The builder's document; pretty for what people read (the command's
 * output, saved files), compact on the wire. */
gchar *td_json_to_text(JsonBuilder *builder, gboolean pretty);

G_END_DECLS
