/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <openssl/rand.h>
#include <string.h>

#include "td-gateway-cache.h"
#include "td-secret.h"

typedef struct {
	TdEligibility *eligibility;
	gint64 expires_at_us; /* monotonic */
} TdGatewayCacheEntry;

struct _TdGatewayCache {
	GMutex lock;
	GHashTable *entries; /* HMAC hex → TdGatewayCacheEntry */
	guint8 key[32];
	gint64 ttl_us;
	guint max_entries;
};

static void
cache_entry_free(gpointer data)
{
	TdGatewayCacheEntry *entry = data;
	td_eligibility_free(entry->eligibility);
	g_free(entry);
}

TdGatewayCache *
td_gateway_cache_new(guint ttl_seconds, guint max_entries)
{
	TdGatewayCache *cache = g_new0(TdGatewayCache, 1);
	g_mutex_init(&cache->lock);
	cache->entries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, cache_entry_free);
	cache->ttl_us = (gint64)ttl_seconds * G_USEC_PER_SEC;
	cache->max_entries = MAX(max_entries, 1);
	if (RAND_bytes(cache->key, sizeof(cache->key)) != 1) {
		/* no randomness: fall back to GLib's, still unknown outside */
		for (gsize i = 0; i < sizeof(cache->key); i++)
			cache->key[i] = (guint8)g_random_int_range(0, 256);
	}
	return cache;
}

void
td_gateway_cache_free(TdGatewayCache *cache)
{
	if (cache == NULL)
		return;
	g_hash_table_unref(cache->entries);
	td_memwipe(cache->key, sizeof(cache->key));
	g_mutex_clear(&cache->lock);
	g_free(cache);
}

gboolean
td_gateway_cache_is_cacheable(const TdEligibility *eligibility)
{
	return eligibility->status != TD_ELIGIBILITY_STATUS_UNAVAILABLE &&
	       eligibility->status != TD_ELIGIBILITY_STATUS_CONFIG_ERROR;
}

static gchar *
cache_key(TdGatewayCache *cache, const TdEligibilityQuery *query)
{
	g_autoptr(GHmac) hmac = g_hmac_new(G_CHECKSUM_SHA256, cache->key, sizeof(cache->key));
	gchar dob[32];

	/* NUL separators: no two different queries give the same stream */
	g_hmac_update(hmac, (const guchar *)query->card_or_id, (gssize)strlen(query->card_or_id) + 1);
	g_hmac_update(hmac, (const guchar *)query->name, (gssize)strlen(query->name) + 1);
	g_snprintf(dob, sizeof(dob), "%u-%u-%u", query->birth_year, query->birth_month,
		   query->birth_day);
	g_hmac_update(hmac, (const guchar *)dob, -1);
	return g_strdup(g_hmac_get_string(hmac));
}

TdEligibility *
td_gateway_cache_lookup(TdGatewayCache *cache, const TdEligibilityQuery *query)
{
	g_autofree gchar *key = NULL;
	TdGatewayCacheEntry *entry;
	TdEligibility *copy = NULL;

	if (cache->ttl_us == 0)
		return NULL;
	key = cache_key(cache, query);
	g_mutex_lock(&cache->lock);
	entry = g_hash_table_lookup(cache->entries, key);
	if (entry != NULL && entry->expires_at_us <= g_get_monotonic_time()) {
		g_hash_table_remove(cache->entries, key);
		entry = NULL;
	}
	if (entry != NULL)
		copy = td_eligibility_copy(entry->eligibility);
	g_mutex_unlock(&cache->lock);
	return copy;
}

static gboolean
cache_entry_expired(gpointer key, gpointer value, gpointer user_data)
{
	TdGatewayCacheEntry *entry = value;
	return entry->expires_at_us <= *(const gint64 *)user_data;
}

void
td_gateway_cache_store(TdGatewayCache *cache, const TdEligibilityQuery *query,
		       const TdEligibility *eligibility)
{
	TdGatewayCacheEntry *entry;
	gint64 now = g_get_monotonic_time();

	if (cache->ttl_us == 0 || !td_gateway_cache_is_cacheable(eligibility))
		return;
	entry = g_new0(TdGatewayCacheEntry, 1);
	entry->eligibility = td_eligibility_copy(eligibility);
	entry->expires_at_us = now + cache->ttl_us;
	g_mutex_lock(&cache->lock);
	if (g_hash_table_size(cache->entries) >= cache->max_entries)
		g_hash_table_foreach_remove(cache->entries, cache_entry_expired, &now);
	/* still full of live entries: a burst far beyond a station's traffic;
	 * forgetting is always safe, the next look-up just asks the gateway */
	if (g_hash_table_size(cache->entries) >= cache->max_entries)
		g_hash_table_remove_all(cache->entries);
	g_hash_table_replace(cache->entries, cache_key(cache, query), entry);
	g_mutex_unlock(&cache->lock);
}

void
td_gateway_cache_clear(TdGatewayCache *cache)
{
	g_mutex_lock(&cache->lock);
	g_hash_table_remove_all(cache->entries);
	g_mutex_unlock(&cache->lock);
}
