/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The gateway's answers are untrusted network data: card-check answer,
 * token answer and the mapping to a result must never crash or over-read. */
#include "config.h"

#include <stdint.h>

#include "td-eligibility.h"
#include "td-gateway-answer.h"
#include "td-gateway-token.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(TdGatewayAnswer) answer = td_gateway_answer_parse(data, size, NULL);
	g_autoptr(TdGatewayToken) token = td_gateway_token_parse(data, size, 0, NULL);

	if (answer != NULL) {
		g_autoptr(TdEligibility) e = td_eligibility_new_from_answer(answer, "01001", NULL);
		if (e != NULL) {
			g_autoptr(TdEligibility) copy = td_eligibility_copy(e);
			(void)td_eligibility_status_to_string(copy->status);
		}
	}
	if (token != NULL)
		(void)td_gateway_token_is_fresh(token, g_get_real_time());
	return 0;
}
