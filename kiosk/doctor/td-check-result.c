/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "td-check-result.h"

/* A part's or a fault's words, by its key: an msgid, NULL when the table
 * has none. */
typedef struct {
	const gchar *key;
	const gchar *words;
} TdCheckWords;

static const gchar *
td_check_words_find(const TdCheckWords *table, gsize n, const gchar *key)
{
	for (gsize i = 0; i < n; i++) {
		if (g_strcmp0(table[i].key, key) == 0)
			return table[i].words;
	}
	return NULL;
}

const gchar *
td_check_result_title(const gchar *name)
{
	static const TdCheckWords titles[] = {
	    {"pcscd", N_("Card reader service")},
	    {"reader", N_("Card reader")},
	    {"trust store", N_("ID card certificates")},
	    {"gateway", N_("Insurance gateway (BHXH)")},
	    {"data files", N_("Record files")},
	    {"database", N_("Records")},
	    {"clock", N_("Clock")},
	    {"ID key", N_("ID number key")},
	    {"personal data", N_("Personal data kept")},
	    {"backup", N_("Record copies")},
	    {"staff", N_("Staff accounts")},
	    {"disk", N_("Disk space")},
	    {"report", N_("Daily report")},
	    {"udev rules", N_("Device set-up")},
	    {"kiosk user", N_("Kiosk account")},
	    {"printer", N_("Ticket printer")},
	    {"scanner", N_("QR code scanner")},
	    {"voice", N_("Voice")},
	    {"config", N_("Settings")},
	};
	const gchar *title = td_check_words_find(titles, G_N_ELEMENTS(titles), name);

	if (title != NULL)
		return _(title);
	/* staff would read the English key: every check needs its title */
	g_critical("doctor check “%s” has no title in td-check-result.c", name);
	return name;
}

const gchar *
td_check_effect_to_string(TdCheckEffect effect)
{
	static const gchar *const names[] = {
	    [TD_CHECK_EFFECT_NONE] = "none",
	    [TD_CHECK_EFFECT_NO_CHECK_IN] = "no-check-in",
	    [TD_CHECK_EFFECT_NO_READER] = "no-reader",
	    [TD_CHECK_EFFECT_NOT_STORED] = "not-stored",
	    [TD_CHECK_EFFECT_OFFLINE] = "offline",
	    [TD_CHECK_EFFECT_CARDS_BY_EYE] = "cards-by-eye",
	    [TD_CHECK_EFFECT_INSURANCE_LATER] = "insurance-later",
	    [TD_CHECK_EFFECT_INSURANCE_AT_DESK] = "insurance-at-desk",
	    [TD_CHECK_EFFECT_NO_TICKETS] = "no-tickets",
	    [TD_CHECK_EFFECT_NO_SCANNER] = "no-scanner",
	};
	return (guint)effect < G_N_ELEMENTS(names) && names[effect] != NULL ? names[effect] : "none";
}

/* What a part's failure usually means for the day's check-ins. */
static TdCheckEffect
td_check_result_usual_effect(const gchar *name)
{
	static const struct {
		const gchar *name;
		TdCheckEffect effect;
	} effects[] = {
	    {"pcscd", TD_CHECK_EFFECT_NO_READER},
	    {"reader", TD_CHECK_EFFECT_NO_READER},
	    {"trust store", TD_CHECK_EFFECT_CARDS_BY_EYE},
	    {"gateway", TD_CHECK_EFFECT_INSURANCE_LATER},
	    {"database", TD_CHECK_EFFECT_NOT_STORED},
	    {"printer", TD_CHECK_EFFECT_NO_TICKETS},
	    {"scanner", TD_CHECK_EFFECT_NO_SCANNER},
	    {"config", TD_CHECK_EFFECT_NO_CHECK_IN},
	};
	for (guint i = 0; i < G_N_ELEMENTS(effects); i++) {
		if (g_strcmp0(effects[i].name, name) == 0)
			return effects[i].effect;
	}
	return TD_CHECK_EFFECT_NONE;
}

TdCheckResult *
td_check_result_new(const gchar *name, gboolean ok, const gchar *format, ...)
{
	TdCheckResult *result = g_new0(TdCheckResult, 1);
	va_list args;

	result->name = g_strdup(name);
	result->effect = td_check_result_usual_effect(name);
	result->title = g_strdup(td_check_result_title(name));
	result->ok = ok;
	va_start(args, format);
	result->message = g_strdup_vprintf(format, args);
	va_end(args);
	return result;
}

const gchar *
td_check_printer_fault_words(const gchar *code)
{
	static const TdCheckWords faults[] = {
	    {"PRN-PAPER", N_("out of paper, put paper in; if it still does not print, tell the administrator")},
	    {"PRN-OFFLINE", N_("not answering, see that it is switched on and plugged in")},
	    {"PRN-STOPPED", N_("stopped, tell the administrator")},
	    {"PRN-NONE", N_("not set up, tell the administrator")},
	};
	const gchar *words = td_check_words_find(faults, G_N_ELEMENTS(faults), code);

	return words != NULL ? words : N_("a fault, tell the administrator");
}

void
td_check_result_free(TdCheckResult *result)
{
	if (result == NULL)
		return;
	g_free(result->name);
	g_free(result->title);
	g_free(result->message);
	g_free(result);
}
