/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-gateway-error.h"

G_DEFINE_QUARK(td-gateway-error-quark, td_gateway_error)
