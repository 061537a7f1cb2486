/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libintl.h>
#include <locale.h>

#include "td-i18n.h"

/* glibc (and GNU gettext): bumped to invalidate gettext's cache */
extern int _nl_msg_cat_cntr;

struct _TdI18n {
	GObject parent_instance;
	TdLanguage language;
};

G_DEFINE_FINAL_TYPE(TdI18n, td_i18n, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
td_i18n_class_init(TdI18nClass *klass)
{
	signals[SIGNAL_CHANGED] = g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
					       NULL, NULL, G_TYPE_NONE, 0);
}

static void
td_i18n_init(TdI18n *self)
{
	self->language = TD_LANGUAGE_VI;
}

TdI18n *
td_i18n_get_default(void)
{
	static gsize instance = 0;
	if (g_once_init_enter(&instance))
		g_once_init_leave(&instance, (gsize)g_object_new(TD_TYPE_I18N, NULL));
	return (TdI18n *)instance;
}

const gchar *
td_i18n_language_code(TdLanguage language)
{
	return language == TD_LANGUAGE_EN ? "en" : "vi";
}

/* glibc ignores LANGUAGE when the locale is plain "C"; the kiosk session
 * often runs with no locale at all, so fall back to C.UTF-8 (always present
 * on Debian), which keeps UTF-8 and lets LANGUAGE choose the catalogue. */
static void
td_i18n_ensure_locale(void)
{
	const gchar *current = setlocale(LC_ALL, "");
	if (current == NULL || g_strcmp0(current, "C") == 0 || g_strcmp0(current, "POSIX") == 0)
		setlocale(LC_ALL, "C.UTF-8");
}

static const gchar *
td_i18n_default_locale_dir(void)
{
	/* The build tree's catalogues come through $TD_LOCALEDIR (meson
	 * devenv); installed, the prefix's. */
	const gchar *env = g_getenv("TD_LOCALEDIR");
	if (env != NULL && env[0] != '\0')
		return env;
	return TD_LOCALEDIR;
}

void
td_i18n_setup(const gchar *locale_dir)
{
	td_i18n_ensure_locale();
	bindtextdomain(GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : td_i18n_default_locale_dir());
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);
	td_i18n_set_language(TD_LANGUAGE_VI);
}

void
td_i18n_set_language(TdLanguage language)
{
	TdI18n *self = td_i18n_get_default();

	g_setenv("LANGUAGE", td_i18n_language_code(language), TRUE);
	/* The gettext manual's way to make gettext() forget the translations it
	 * cached for the previous LANGUAGE (setlocale() to the same locale
	 * returns early in glibc and does not). */
	++_nl_msg_cat_cntr;
	self->language = language;
	g_signal_emit(self, signals[SIGNAL_CHANGED], 0);
}

TdLanguage
td_i18n_get_language(void)
{
	return td_i18n_get_default()->language;
}
