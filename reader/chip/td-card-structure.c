/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "td-card-structure.h"
#include "td-json.h"
#include "td-com.h"
#include "td-der.h"
#include "td-lds-files.h"
#include "td-reader-error.h"
#include "td-tlv.h"

/* Nothing on an ID card nests deeper or holds more elements (DG2's
 * biometric templates come closest); a dump beyond these is not one. */
#define TD_STRUCTURE_MAX_DEPTH 16
#define TD_STRUCTURE_MAX_NODES 4096
#define TD_STRUCTURE_MAX_FILES 32
#define TD_STRUCTURE_MAX_JSON (1024 * 1024)
#define TD_STRUCTURE_MAX_STATUS_WORDS 256

void
td_structure_node_free(TdStructureNode *node)
{
	if (node == NULL)
		return;
	g_clear_pointer(&node->children, g_ptr_array_unref);
	g_free(node->oid);
	g_free(node);
}

static void
structure_file_free(gpointer data)
{
	TdStructureFile *file = data;
	g_free(file->error);
	g_clear_pointer(&file->status_words, g_array_unref);
	td_structure_node_free(file->tree);
	g_free(file);
}

void
td_card_structure_free(TdCardStructure *structure)
{
	if (structure == NULL)
		return;
	g_free(structure->atr);
	g_free(structure->access_method);
	g_free(structure->access_error);
	g_clear_pointer(&structure->files, g_ptr_array_unref);
	g_free(structure);
}

static TdCardStructure *
card_structure_new(void)
{
	TdCardStructure *structure = g_new0(TdCardStructure, 1);
	structure->files = g_ptr_array_new_with_free_func(structure_file_free);
	return structure;
}

static TdStructureNode *
node_new(guint32 tag, gsize length)
{
	TdStructureNode *node = g_new0(TdStructureNode, 1);
	node->tag = tag;
	node->length = length;
	return node;
}

static gboolean
tag_is_constructed(guint32 tag)
{
	guint32 first = tag;
	while (first > 0xff)
		first >>= 8;
	return (first & 0x20) != 0;
}

/* ---- bytes to tree ---- */

static TdStructureNode *
node_from_tlv(const TdTlv *tlv, guint depth, guint *budget)
{
	TdStructureNode *node = node_new(tlv->tag, tlv->length);
	TdTlvIter iter;
	TdTlv child;
	const guint8 *end;

	if (tlv->tag == 0x02 && tlv->length >= 1 && tlv->length <= 4) {
		/* Versions and DG13 entry numbers: the layout, not the data. */
		gint64 value = (tlv->value[0] & 0x80) ? -1 : 0;
		for (gsize i = 0; i < tlv->length; i++)
			value = (gint64)(((guint64)value << 8) | tlv->value[i]);
		node->has_integer = TRUE;
		node->integer = value;
	} else if (tlv->tag == 0x06) {
		node->oid = td_der_oid_to_string(tlv->value, tlv->length, NULL);
	}
	if (!tlv->constructed)
		return node;
	node->children = g_ptr_array_new_with_free_func((GDestroyNotify)td_structure_node_free);
	td_tlv_iter_init(&iter, tlv->value, tlv->length);
	end = tlv->value + tlv->length;
	while (iter.pos < end) {
		const guint8 *before = iter.pos;
		if (depth >= TD_STRUCTURE_MAX_DEPTH || *budget == 0 || !td_tlv_iter_next(&iter, &child, NULL)) {
			node->unparsed = (gsize)(end - before);
			break;
		}
		(*budget)--;
		g_ptr_array_add(node->children, node_from_tlv(&child, depth + 1, budget));
	}
	return node;
}

TdStructureNode *
td_structure_node_new_from_bytes(const guint8 *data, gsize len)
{
	guint budget = TD_STRUCTURE_MAX_NODES;
	TdTlv tlv;

	if (!td_tlv_parse(data, len, &tlv, NULL)) {
		/* Not even a first TLV: the file is all "unparsed". */
		TdStructureNode *node = node_new(0, len);
		node->children = g_ptr_array_new_with_free_func((GDestroyNotify)td_structure_node_free);
		node->unparsed = len;
		return node;
	}
	return node_from_tlv(&tlv, 0, &budget);
}

/* ---- capture ---- */

static const TdChipReadStep *
last_step_named(TdChipReader *reader, const gchar *name)
{
	GPtrArray *steps = td_chip_reader_get_steps(reader);
	for (guint i = steps->len; i > 0; i--) {
		const TdChipReadStep *step = g_ptr_array_index(steps, i - 1);
		if (g_strcmp0(step->name, name) == 0)
			return step;
	}
	return NULL;
}


static void
add_file(TdCardStructure *structure, TdChipReader *reader, guint16 fid, GBytes *content, const GError *read_error)
{
	TdStructureFile *file = g_new0(TdStructureFile, 1);
	const TdChipReadStep *step = last_step_named(reader, td_file_name(fid));

	file->fid = fid;
	file->status_words = g_array_new(FALSE, FALSE, sizeof(guint32));
	if (step != NULL) {
		file->commands = step->apdu_count;
		file->reopens = step->reopens;
		if (step->status_words != NULL)
			g_array_append_vals(file->status_words, step->status_words->data, step->status_words->len);
	}
	if (content != NULL) {
		gsize len = 0;
		const guint8 *data = g_bytes_get_data(content, &len);
		file->status = 0x9000;
		file->size = len;
		file->tree = td_structure_node_new_from_bytes(data, len);
	} else {
		file->error = g_strdup(read_error != NULL ? read_error->message : "not read");
		if (g_error_matches(read_error, TD_READER_ERROR, TD_READER_ERROR_FILE_NOT_FOUND))
			file->status = 0x6A82;
		else if (g_error_matches(read_error, TD_READER_ERROR, TD_READER_ERROR_ACCESS_DENIED))
			file->status = 0x6982;
		else if (file->status_words->len > 0)
			file->status = (guint16)g_array_index(file->status_words, guint32, file->status_words->len - 1);
	}
	g_ptr_array_add(structure->files, file);
}

/* The files to try: EF.COM's list and EF.SOD, or what every CCCD has. */
static GArray *
files_to_capture(TdChipReader *reader, GBytes *com_bytes)
{
	static const guint16 cccd[] = {TD_FILE_DG1, TD_FILE_DG2, TD_FILE_DG13, TD_FILE_DG14, TD_FILE_DG15};
	GArray *fids = g_array_new(FALSE, FALSE, sizeof(guint16));
	g_autoptr(TdCom) com = com_bytes != NULL ? td_com_parse(com_bytes, NULL) : NULL;
	guint16 sod = TD_FILE_SOD;

	if (com != NULL) {
		for (guint i = 0; i < com->dg_numbers->len; i++) {
			guint dg = g_array_index(com->dg_numbers, guint, i);
			guint16 fid = TD_DG_FILE_ID(dg);
			if (dg >= 1 && dg <= 16)
				g_array_append_val(fids, fid);
		}
	} else {
		g_array_append_vals(fids, cccd, G_N_ELEMENTS(cccd));
	}
	g_array_append_val(fids, sod);
	return fids;
}

TdCardStructure *
td_card_structure_capture(TdChipReader *reader, const GError *open_error, GCancellable *cancellable, GError **error)
{
	g_autoptr(TdCardStructure) structure = card_structure_new();
	TdTransport *transport = td_card_channel_get_transport(td_chip_reader_get_channel(reader));
	g_autoptr(GBytes) atr = td_transport_get_atr(transport);
	GBytes *card_access = td_chip_reader_get_card_access(reader);

	if (atr != NULL && g_bytes_get_size(atr) > 0) {
		gsize len = 0;
		const guint8 *data = g_bytes_get_data(atr, &len);
		GString *hex = g_string_new(NULL);
		for (gsize i = 0; i < len; i++)
			g_string_append_printf(hex, "%02X", data[i]);
		structure->atr = g_string_free(hex, FALSE);
	}
	structure->access_method = g_strdup(td_chip_reader_get_access_method(reader));
	if (open_error != NULL)
		structure->access_error = g_strdup(open_error->message);
	if (last_step_named(reader, "EF.CardAccess") != NULL)
		add_file(structure, reader, TD_FILE_CARD_ACCESS, card_access, NULL);

	if (structure->access_method != NULL) {
		g_autoptr(GError) com_error = NULL;
		g_autoptr(GBytes) com = td_chip_reader_read_file(reader, TD_FILE_COM, cancellable, &com_error);
		g_autoptr(GArray) fids = NULL;

		if (com == NULL && td_reader_error_ends_conversation(com_error)) {
			g_propagate_error(error, g_steal_pointer(&com_error));
			return NULL;
		}
		add_file(structure, reader, TD_FILE_COM, com, com_error);
		fids = files_to_capture(reader, com);
		for (guint i = 0; i < fids->len && structure->files->len < TD_STRUCTURE_MAX_FILES; i++) {
			guint16 fid = g_array_index(fids, guint16, i);
			g_autoptr(GError) read_error = NULL;
			g_autoptr(GBytes) content = NULL;

			if (td_card_structure_get_file(structure, fid) != NULL)
				continue;
			content = td_chip_reader_read_file(reader, fid, cancellable, &read_error);
			if (content == NULL && td_reader_error_ends_conversation(read_error)) {
				g_propagate_error(error, g_steal_pointer(&read_error));
				return NULL;
			}
			add_file(structure, reader, fid, content, read_error);
		}
	}
	structure->max_le = td_chip_reader_get_max_le(reader);
	structure->sfi_refused = td_chip_reader_get_sfi_refused(reader);
	structure->sfi_refusal_sw = td_chip_reader_get_sfi_refusal_sw(reader);
	structure->reopens = td_chip_reader_get_reopens(reader);
	structure->extended_length = td_transport_get_max_extended_length(transport) > 512;
	return g_steal_pointer(&structure);
}

/* ---- queries ---- */

const TdStructureFile *
td_card_structure_get_file(const TdCardStructure *structure, guint16 fid)
{
	for (guint i = 0; i < structure->files->len; i++) {
		const TdStructureFile *file = g_ptr_array_index(structure->files, i);
		if (file->fid == fid)
			return file;
	}
	return NULL;
}

gboolean
td_card_structure_saw_bare(const TdCardStructure *structure, guint16 sw, gboolean is_le)
{
	for (guint i = 0; i < structure->files->len; i++) {
		const TdStructureFile *file = g_ptr_array_index(structure->files, i);
		for (guint j = 0; j < file->status_words->len; j++) {
			guint32 seen = g_array_index(file->status_words, guint32, j);
			guint16 seen_sw = seen & 0xffff;
			if (!(seen & TD_STRUCTURE_SW_BARE))
				continue;
			if (is_le ? (seen_sw == 0x6700 || (seen_sw & 0xff00) == 0x6C00) : seen_sw == sw)
				return TRUE;
		}
	}
	return FALSE;
}

const gchar *
td_structure_node_find_oid(const TdStructureNode *node, const gchar *prefix)
{
	if (node == NULL)
		return NULL;
	if (node->oid != NULL && (g_str_equal(node->oid, prefix) ||
				  (g_str_has_prefix(node->oid, prefix) && node->oid[strlen(prefix)] == '.')))
		return node->oid;
	for (guint i = 0; node->children != NULL && i < node->children->len; i++) {
		const gchar *found = td_structure_node_find_oid(g_ptr_array_index(node->children, i), prefix);
		if (found != NULL)
			return found;
	}
	return NULL;
}

/* ---- JSON ---- */

static const gchar *
string_type_name(guint32 tag)
{
	switch (tag) {
	case 0x0C:
		return "UTF8String";
	case 0x12:
		return "NumericString";
	case 0x13:
		return "PrintableString";
	case 0x14:
		return "T61String";
	case 0x16:
		return "IA5String";
	case 0x1A:
		return "VisibleString";
	case 0x1E:
		return "BMPString";
	default:
		return NULL;
	}
}

static void
node_to_json(JsonBuilder *b, const TdStructureNode *node)
{
	g_autofree gchar *tag = g_strdup_printf("%02X", node->tag);

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "tag");
	json_builder_add_string_value(b, tag);
	json_builder_set_member_name(b, "length");
	json_builder_add_int_value(b, (gint64)node->length);
	if (string_type_name(node->tag) != NULL) {
		json_builder_set_member_name(b, "type");
		json_builder_add_string_value(b, string_type_name(node->tag));
	}
	if (node->has_integer) {
		json_builder_set_member_name(b, "integer");
		json_builder_add_int_value(b, node->integer);
	}
	if (node->oid != NULL) {
		json_builder_set_member_name(b, "oid");
		json_builder_add_string_value(b, node->oid);
	}
	if (node->children != NULL) {
		json_builder_set_member_name(b, "children");
		json_builder_begin_array(b);
		for (guint i = 0; i < node->children->len; i++)
			node_to_json(b, g_ptr_array_index(node->children, i));
		json_builder_end_array(b);
		if (node->unparsed > 0) {
			json_builder_set_member_name(b, "unparsed");
			json_builder_add_int_value(b, (gint64)node->unparsed);
		}
	}
	json_builder_end_object(b);
}

static gchar *
sw_text(guint32 seen)
{
	return g_strdup_printf("%04X%s", seen & 0xffff, (seen & TD_STRUCTURE_SW_BARE) ? " bare" : "");
}

gchar *
td_card_structure_to_json(const TdCardStructure *structure)
{
	g_autoptr(JsonBuilder) b = json_builder_new();

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "format");
	json_builder_add_string_value(b, TD_CARD_STRUCTURE_FORMAT);
	json_builder_set_member_name(b, "version");
	json_builder_add_int_value(b, TD_CARD_STRUCTURE_VERSION);
	td_json_add_string(b, "atr", structure->atr);
	json_builder_set_member_name(b, "access");
	json_builder_begin_object(b);
	td_json_add_string(b, "method", structure->access_method);
	td_json_add_string(b, "error", structure->access_error);
	json_builder_end_object(b);

	json_builder_set_member_name(b, "chip");
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "max_le");
	json_builder_add_int_value(b, structure->max_le);
	json_builder_set_member_name(b, "sfi");
	if (structure->sfi_refused) {
		g_autofree gchar *refused = g_strdup_printf("refused %04X", structure->sfi_refusal_sw);
		json_builder_add_string_value(b, refused);
	} else {
		json_builder_add_string_value(b, "supported");
	}
	json_builder_set_member_name(b, "secure_messaging_reopened");
	json_builder_add_int_value(b, structure->reopens);
	json_builder_set_member_name(b, "extended_length");
	json_builder_add_boolean_value(b, structure->extended_length);
	json_builder_end_object(b);

	json_builder_set_member_name(b, "files");
	json_builder_begin_array(b);
	for (guint i = 0; i < structure->files->len; i++) {
		const TdStructureFile *file = g_ptr_array_index(structure->files, i);
		g_autofree gchar *fid = g_strdup_printf("%04X", file->fid);
		g_autofree gchar *status = g_strdup_printf("%04X", file->status);

		json_builder_begin_object(b);
		json_builder_set_member_name(b, "file");
		json_builder_add_string_value(b, td_file_name(file->fid));
		json_builder_set_member_name(b, "fid");
		json_builder_add_string_value(b, fid);
		json_builder_set_member_name(b, "status");
		json_builder_add_string_value(b, status);
		if (file->error != NULL) {
			json_builder_set_member_name(b, "error");
			json_builder_add_string_value(b, file->error);
		}
		json_builder_set_member_name(b, "size");
		json_builder_add_int_value(b, (gint64)file->size);
		json_builder_set_member_name(b, "commands");
		json_builder_add_int_value(b, file->commands);
		json_builder_set_member_name(b, "reopens");
		json_builder_add_int_value(b, file->reopens);
		json_builder_set_member_name(b, "status_words");
		json_builder_begin_array(b);
		for (guint j = 0; j < file->status_words->len; j++) {
			g_autofree gchar *text = sw_text(g_array_index(file->status_words, guint32, j));
			json_builder_add_string_value(b, text);
		}
		json_builder_end_array(b);
		if (file->tree != NULL) {
			json_builder_set_member_name(b, "tree");
			node_to_json(b, file->tree);
		}
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);

	return td_json_to_text(b, TRUE);
}

static gboolean
invalid(GError **error, const gchar *what)
{
	g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "card structure: %s", what);
	return FALSE;
}

/* A hex number of 1..n_digits digits, or FALSE. */
static gboolean
parse_hex(const gchar *text, guint n_digits, guint64 *out)
{
	gsize len = text != NULL ? strlen(text) : 0;
	if (len == 0 || len > n_digits)
		return FALSE;
	for (gsize i = 0; i < len; i++) {
		if (!g_ascii_isxdigit(text[i]))
			return FALSE;
	}
	*out = g_ascii_strtoull(text, NULL, 16);
	return TRUE;
}

static const gchar *
member_string(JsonObject *obj, const gchar *name)
{
	JsonNode *node = json_object_get_member(obj, name);
	if (node == NULL || JSON_NODE_TYPE(node) != JSON_NODE_VALUE || json_node_get_value_type(node) != G_TYPE_STRING)
		return NULL;
	return json_node_get_string(node);
}

static gboolean
member_uint(JsonObject *obj, const gchar *name, guint64 max, guint64 *out)
{
	JsonNode *node = json_object_get_member(obj, name);
	gint64 value;
	if (node == NULL || JSON_NODE_TYPE(node) != JSON_NODE_VALUE || json_node_get_value_type(node) != G_TYPE_INT64)
		return FALSE;
	value = json_node_get_int(node);
	if (value < 0 || (guint64)value > max)
		return FALSE;
	*out = (guint64)value;
	return TRUE;
}

static TdStructureNode *
node_from_json(JsonNode *json, guint depth, guint *budget, GError **error)
{
	g_autoptr(TdStructureNode) node = NULL;
	JsonObject *obj;
	JsonNode *children;
	guint64 tag = 0, length = 0, unparsed = 0;

	if (depth > TD_STRUCTURE_MAX_DEPTH || *budget == 0) {
		invalid(error, "tree too deep or too large");
		return NULL;
	}
	(*budget)--;
	if (JSON_NODE_TYPE(json) != JSON_NODE_OBJECT) {
		invalid(error, "a tree node is not an object");
		return NULL;
	}
	obj = json_node_get_object(json);
	if (!parse_hex(member_string(obj, "tag"), 8, &tag) || !member_uint(obj, "length", 0xFFFFFF, &length)) {
		invalid(error, "a tree node needs a hex tag and a length");
		return NULL;
	}
	node = node_new((guint32)tag, (gsize)length);
	if (json_object_has_member(obj, "integer")) {
		JsonNode *value = json_object_get_member(obj, "integer");
		if (JSON_NODE_TYPE(value) != JSON_NODE_VALUE || json_node_get_value_type(value) != G_TYPE_INT64 ||
		    json_node_get_int(value) < G_MININT32 || json_node_get_int(value) > G_MAXUINT32) {
			invalid(error, "an integer node's value is not a 4-byte integer");
			return NULL;
		}
		node->has_integer = TRUE;
		node->integer = json_node_get_int(value);
	}
	if (json_object_has_member(obj, "oid")) {
		const gchar *oid = member_string(obj, "oid");
		if (oid == NULL || strlen(oid) > 128 || strspn(oid, "0123456789.") != strlen(oid)) {
			invalid(error, "an OID is not dotted digits");
			return NULL;
		}
		node->oid = g_strdup(oid);
	}
	children = json_object_get_member(obj, "children");
	if (children != NULL) {
		JsonArray *array;
		if (JSON_NODE_TYPE(children) != JSON_NODE_ARRAY) {
			invalid(error, "children is not an array");
			return NULL;
		}
		if (!tag_is_constructed((guint32)tag)) {
			invalid(error, "a primitive tag has children");
			return NULL;
		}
		array = json_node_get_array(children);
		node->children = g_ptr_array_new_with_free_func((GDestroyNotify)td_structure_node_free);
		for (guint i = 0; i < json_array_get_length(array); i++) {
			TdStructureNode *child = node_from_json(json_array_get_element(array, i), depth + 1, budget, error);
			if (child == NULL)
				return NULL;
			g_ptr_array_add(node->children, child);
		}
		if (json_object_has_member(obj, "unparsed") && !member_uint(obj, "unparsed", 0xFFFFFF, &unparsed)) {
			invalid(error, "unparsed is not a length");
			return NULL;
		}
		node->unparsed = (gsize)unparsed;
	}
	return g_steal_pointer(&node);
}

static TdStructureFile *
file_from_json(JsonNode *json, guint *budget, GError **error)
{
	TdStructureFile *file;
	JsonObject *obj;
	JsonNode *sws;
	JsonNode *tree;
	guint64 fid = 0, status = 0, size = 0, commands = 0, reopens = 0;

	if (JSON_NODE_TYPE(json) != JSON_NODE_OBJECT) {
		invalid(error, "a file is not an object");
		return NULL;
	}
	obj = json_node_get_object(json);
	if (!parse_hex(member_string(obj, "fid"), 4, &fid) || !parse_hex(member_string(obj, "status"), 4, &status) ||
	    !member_uint(obj, "size", 0xFFFFFF, &size)) {
		invalid(error, "a file needs a fid, a status and a size");
		return NULL;
	}
	if (json_object_has_member(obj, "commands") && !member_uint(obj, "commands", 100000, &commands)) {
		invalid(error, "commands is not a count");
		return NULL;
	}
	if (json_object_has_member(obj, "reopens") && !member_uint(obj, "reopens", 100, &reopens)) {
		invalid(error, "reopens is not a count");
		return NULL;
	}
	file = g_new0(TdStructureFile, 1);
	file->fid = (guint16)fid;
	file->status = (guint16)status;
	file->size = (gsize)size;
	file->commands = (guint)commands;
	file->reopens = (guint)reopens;
	file->status_words = g_array_new(FALSE, FALSE, sizeof(guint32));
	if (member_string(obj, "error") != NULL)
		file->error = g_strndup(member_string(obj, "error"), 512);
	sws = json_object_get_member(obj, "status_words");
	if (sws != NULL) {
		JsonArray *array = JSON_NODE_TYPE(sws) == JSON_NODE_ARRAY ? json_node_get_array(sws) : NULL;
		if (array == NULL || json_array_get_length(array) > TD_STRUCTURE_MAX_STATUS_WORDS) {
			structure_file_free(file);
			invalid(error, "status_words is not a short array");
			return NULL;
		}
		for (guint i = 0; i < json_array_get_length(array); i++) {
			JsonNode *element = json_array_get_element(array, i);
			const gchar *text = JSON_NODE_TYPE(element) == JSON_NODE_VALUE &&
						    json_node_get_value_type(element) == G_TYPE_STRING
					    ? json_node_get_string(element)
					    : NULL;
			g_autofree gchar *hex = text != NULL ? g_strndup(text, 4) : NULL;
			guint64 sw = 0;
			guint32 seen;
			if (text == NULL || !parse_hex(hex, 4, &sw) || strlen(hex) != 4 ||
			    (text[4] != '\0' && g_strcmp0(text + 4, " bare") != 0)) {
				structure_file_free(file);
				invalid(error, "a status word is not \"XXXX\" or \"XXXX bare\"");
				return NULL;
			}
			seen = (guint32)sw | (text[4] != '\0' ? TD_STRUCTURE_SW_BARE : 0);
			g_array_append_val(file->status_words, seen);
		}
	}
	tree = json_object_get_member(obj, "tree");
	if (tree != NULL) {
		file->tree = node_from_json(tree, 0, budget, error);
		if (file->tree == NULL) {
			structure_file_free(file);
			return NULL;
		}
	}
	return file;
}

TdCardStructure *
td_card_structure_new_from_json(const gchar *json, gssize len, GError **error)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(TdCardStructure) structure = card_structure_new();
	g_autoptr(GError) error_local = NULL;
	JsonObject *root, *chip, *access;
	JsonArray *files;
	JsonNode *node;
	guint budget = TD_STRUCTURE_MAX_NODES;
	guint64 version = 0, max_le = 0, reopens = 0;
	const gchar *sfi;

	if (len < 0)
		len = (gssize)strlen(json);
	if (len > TD_STRUCTURE_MAX_JSON) {
		invalid(error, "larger than any card's structure");
		return NULL;
	}
	if (!json_parser_load_from_data(parser, json, len, &error_local)) {
		g_set_error(error, TD_READER_ERROR, TD_READER_ERROR_INVALID_INPUT, "card structure: %s", error_local->message);
		return NULL;
	}
	node = json_parser_get_root(parser);
	if (node == NULL || JSON_NODE_TYPE(node) != JSON_NODE_OBJECT) {
		invalid(error, "not a JSON object");
		return NULL;
	}
	root = json_node_get_object(node);
	if (g_strcmp0(member_string(root, "format"), TD_CARD_STRUCTURE_FORMAT) != 0 ||
	    !member_uint(root, "version", 1000, &version)) {
		invalid(error, "not a tiepdon card structure (format)");
		return NULL;
	}
	if (version > TD_CARD_STRUCTURE_VERSION) {
		invalid(error, "written by a newer tiepdon");
		return NULL;
	}
	if (member_string(root, "atr") != NULL)
		structure->atr = g_strndup(member_string(root, "atr"), 128);

	node = json_object_get_member(root, "access");
	access = node != NULL && JSON_NODE_TYPE(node) == JSON_NODE_OBJECT ? json_node_get_object(node) : NULL;
	if (access != NULL) {
		const gchar *method = member_string(access, "method");
		if (method != NULL && !g_str_equal(method, "PACE") && !g_str_equal(method, "BAC")) {
			invalid(error, "access method is neither PACE nor BAC");
			return NULL;
		}
		structure->access_method = g_strdup(method);
		if (member_string(access, "error") != NULL)
			structure->access_error = g_strndup(member_string(access, "error"), 512);
	}

	node = json_object_get_member(root, "chip");
	chip = node != NULL && JSON_NODE_TYPE(node) == JSON_NODE_OBJECT ? json_node_get_object(node) : NULL;
	if (chip == NULL || !member_uint(chip, "max_le", 65536, &max_le) || max_le == 0) {
		invalid(error, "chip.max_le missing or out of range");
		return NULL;
	}
	structure->max_le = (guint)max_le;
	sfi = member_string(chip, "sfi");
	if (g_strcmp0(sfi, "supported") == 0) {
		structure->sfi_refused = FALSE;
	} else {
		guint64 sw = 0;
		if (sfi == NULL || !g_str_has_prefix(sfi, "refused ") || !parse_hex(sfi + 8, 4, &sw)) {
			invalid(error, "chip.sfi is neither \"supported\" nor \"refused XXXX\"");
			return NULL;
		}
		structure->sfi_refused = TRUE;
		structure->sfi_refusal_sw = (guint16)sw;
	}
	if (json_object_has_member(chip, "secure_messaging_reopened") &&
	    !member_uint(chip, "secure_messaging_reopened", 100, &reopens)) {
		invalid(error, "chip.secure_messaging_reopened is not a count");
		return NULL;
	}
	structure->reopens = (guint)reopens;
	node = json_object_get_member(chip, "extended_length");
	structure->extended_length = node != NULL && JSON_NODE_TYPE(node) == JSON_NODE_VALUE &&
				     json_node_get_value_type(node) == G_TYPE_BOOLEAN && json_node_get_boolean(node);

	node = json_object_get_member(root, "files");
	files = node != NULL && JSON_NODE_TYPE(node) == JSON_NODE_ARRAY ? json_node_get_array(node) : NULL;
	if (files == NULL || json_array_get_length(files) > TD_STRUCTURE_MAX_FILES) {
		invalid(error, "files is not a short array");
		return NULL;
	}
	for (guint i = 0; i < json_array_get_length(files); i++) {
		TdStructureFile *file = file_from_json(json_array_get_element(files, i), &budget, error);
		if (file == NULL)
			return NULL;
		if (td_card_structure_get_file(structure, file->fid) != NULL) {
			structure_file_free(file);
			invalid(error, "a file appears twice");
			return NULL;
		}
		g_ptr_array_add(structure->files, file);
	}
	return g_steal_pointer(&structure);
}

TdCardStructure *
td_card_structure_new_from_file(const gchar *path, GError **error)
{
	g_autofree gchar *contents = NULL;
	gsize len = 0;

	if (!g_file_get_contents(path, &contents, &len, error))
		return NULL;
	return td_card_structure_new_from_json(contents, (gssize)len, error);
}
