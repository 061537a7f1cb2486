/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-json.h"

void
td_json_add_string(JsonBuilder *builder, const gchar *member, const gchar *value)
{
	json_builder_set_member_name(builder, member);
	if (value != NULL)
		json_builder_add_string_value(builder, value);
	else
		json_builder_add_null_value(builder);
}

gchar *
td_json_to_text(JsonBuilder *builder, gboolean pretty)
{
	g_autoptr(JsonGenerator) generator = json_generator_new();
	g_autoptr(JsonNode) root = json_builder_get_root(builder);

	json_generator_set_root(generator, root);
	json_generator_set_pretty(generator, pretty);
	return json_generator_to_data(generator, NULL);
}
