/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "td-eligibility-query.h"
#include "td-eligibility.h"

G_BEGIN_DECLS

/* Recent answers per citizen, so a patient who taps twice or re-inserts the
 * card does not cost a second gateway call. Keys are an HMAC with a key made
 * at start-up, so the table holds no plain (or guessable-by-hashing) ID
 * numbers. Only final answers are kept, never "unavailable". */
typedef struct _TdGatewayCache TdGatewayCache;

TdGatewayCache *td_gateway_cache_new(guint ttl_seconds, guint max_entries);
void td_gateway_cache_free(TdGatewayCache *cache);
/* A copy of the stored answer, or NULL. */
TdEligibility *td_gateway_cache_lookup(TdGatewayCache *cache, const TdEligibilityQuery *query);
void td_gateway_cache_store(TdGatewayCache *cache, const TdEligibilityQuery *query,
			    const TdEligibility *eligibility);
void td_gateway_cache_clear(TdGatewayCache *cache);
/* Whether a result is final enough to cache. */
gboolean td_gateway_cache_is_cacheable(const TdEligibility *eligibility);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(TdGatewayCache, td_gateway_cache_free)

G_END_DECLS
