/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <glib/gi18n.h>

G_BEGIN_DECLS

/* The kiosk's two languages. Vietnamese is the default whatever the
 * system locale says: the patients are Vietnamese and the kiosk's locale is
 * often C. Every page connects to "changed" and sets its texts again, so a
 * switch shows at once on every screen.
 *
 * Translations are gettext catalogues (ui/po), msgids in English. */
typedef enum {
	TD_LANGUAGE_VI,
	TD_LANGUAGE_EN,
} TdLanguage;

#define TD_TYPE_I18N (td_i18n_get_type())
G_DECLARE_FINAL_TYPE(TdI18n, td_i18n, TD, I18N, GObject)

/* Binds the text domain to locale_dir (NULL: the installed or build-tree
 * catalogues, TD_LOCALEDIR in the environment first) and switches to
 * Vietnamese. Call once, before any page is built. */
void td_i18n_setup(const gchar *locale_dir);
/* The process-wide instance (emits "changed"). */
TdI18n *td_i18n_get_default(void);
void td_i18n_set_language(TdLanguage language);
TdLanguage td_i18n_get_language(void);
const gchar *td_i18n_language_code(TdLanguage language);

G_END_DECLS
