/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-kiosk-page.h"

static const struct {
	const gchar *name;
	guint step;
} pages[] = {
    [TD_KIOSK_PAGE_IDLE] = {"idle", 1},
    [TD_KIOSK_PAGE_AWAITING_CARD] = {"awaiting-card", 1},
    [TD_KIOSK_PAGE_KEY] = {"key", 1},
    [TD_KIOSK_PAGE_READING] = {"reading", 2},
    [TD_KIOSK_PAGE_TICKET] = {"ticket", 3},
    [TD_KIOSK_PAGE_SEE_STAFF] = {"see-staff", 3},
    [TD_KIOSK_PAGE_VNEID] = {"vneid", 3},
    [TD_KIOSK_PAGE_OUT_OF_SERVICE] = {"out-of-service", 0},
    [TD_KIOSK_PAGE_PIN] = {"pin", 0},
    [TD_KIOSK_PAGE_STAFF] = {"staff", 0},
    [TD_KIOSK_PAGE_DASHBOARD] = {"dashboard", 0},
};
G_STATIC_ASSERT(G_N_ELEMENTS(pages) == TD_KIOSK_N_PAGES);

const gchar *
td_kiosk_page_to_string(TdKioskPage page)
{
	return (guint)page < TD_KIOSK_N_PAGES ? pages[page].name : "unknown";
}

TdKioskPage
td_kiosk_page_from_string(const gchar *name)
{
	for (guint i = 0; i < TD_KIOSK_N_PAGES; i++) {
		if (g_strcmp0(pages[i].name, name) == 0)
			return (TdKioskPage)i;
	}
	return TD_KIOSK_N_PAGES;
}

gboolean
td_kiosk_page_is_staff(TdKioskPage page)
{
	return page == TD_KIOSK_PAGE_PIN || page == TD_KIOSK_PAGE_STAFF || page == TD_KIOSK_PAGE_DASHBOARD;
}

guint
td_kiosk_page_step(TdKioskPage page)
{
	return (guint)page < TD_KIOSK_N_PAGES ? pages[page].step : 0;
}
