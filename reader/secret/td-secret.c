/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/crypto.h>
#include <string.h>

#include "td-secret.h"

TdSecret *
td_secret_new(gsize len)
{
	TdSecret *secret = g_malloc0(sizeof(TdSecret) + len);
	secret->len = len;
	return secret;
}

TdSecret *
td_secret_new_from_data(const guint8 *data, gsize len)
{
	TdSecret *secret = td_secret_new(len);
	if (len > 0)
		memcpy(secret->data, data, len);
	return secret;
}

TdSecret *
td_secret_dup(const TdSecret *secret)
{
	return td_secret_new_from_data(secret->data, secret->len);
}

void
td_secret_end_thread_state(void)
{
	OPENSSL_thread_stop();
}

void
td_memwipe(gpointer data, gsize len)
{
	if (data != NULL && len > 0)
		OPENSSL_cleanse(data, len);
}

void
td_secret_clear_free(TdSecret *secret)
{
	if (secret == NULL)
		return;
	td_memwipe(secret->data, secret->len);
	g_free(secret);
}

void
td_byte_array_clear_free(GByteArray *array)
{
	if (array == NULL)
		return;
	td_memwipe(array->data, array->len);
	g_byte_array_unref(array);
}

void
td_str_clear_free(gchar *str)
{
	if (str == NULL)
		return;
	td_memwipe(str, strlen(str));
	g_free(str);
}

typedef struct {
	gsize len;
	guint8 data[];
} TdWipedBlock;

static void
wiped_block_free(gpointer user_data)
{
	TdWipedBlock *block = user_data;
	td_memwipe(block->data, block->len);
	g_free(block);
}

GBytes *
td_secret_bytes_new(gconstpointer data, gsize len)
{
	TdWipedBlock *block = g_malloc(sizeof(TdWipedBlock) + len);
	block->len = len;
	if (len > 0)
		memcpy(block->data, data, len);
	return g_bytes_new_with_free_func(block->data, len, wiped_block_free, block);
}
