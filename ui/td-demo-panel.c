/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-demo-env.h"
#include "td-demo-panel.h"
#include "td-i18n.h"
#include "td-ui-util.h"

#define TD_DEMO_READER "Virtual reader (training)"

gboolean
td_demo_panel_insert(TdKioskContext *context, const gchar *profile_path, GError **error)
{
	if (td_demo_env_has_card(context->demo))
		td_demo_panel_remove(context);
	if (!td_demo_env_insert_card(context->demo, profile_path, error))
		return FALSE;
	td_checkin_session_card_inserted(context->session, TD_DEMO_READER);
	return TRUE;
}

void
td_demo_panel_remove(TdKioskContext *context)
{
	if (!td_demo_env_has_card(context->demo))
		return;
	td_demo_env_remove_card(context->demo);
	td_checkin_session_card_removed(context->session);
}

static void
td_insert_clicked_cb(GtkButton *button, TdKioskContext *context)
{
	g_autoptr(GError) error = NULL;
	if (!td_demo_panel_insert(context, g_object_get_data(G_OBJECT(button), "td-profile"), &error))
		g_warning("demo card: %s", error->message);
}

static void
td_remove_clicked_cb(GtkButton *button, TdKioskContext *context)
{
	td_demo_panel_remove(context);
}

GtkWidget *
td_demo_panel_new(GtkApplication *app, TdKioskContext *context)
{
	GtkWidget *window = gtk_application_window_new(app);
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
	GtkWidget *title = td_ui_label_new("td-body");
	GPtrArray *profiles = td_demo_env_get_profiles(context->demo);
	GtkWidget *remove;

	gtk_window_set_title(GTK_WINDOW(window), "Training / Đào tạo");
	gtk_widget_add_css_class(window, "td-demo-panel");
	gtk_widget_add_css_class(box, "td-page");
	gtk_label_set_text(GTK_LABEL(title), "Đặt thẻ lên máy đọc thẻ / Lay a card on the reader");
	gtk_box_append(GTK_BOX(box), title);
	for (guint i = 0; i < profiles->len; i++) {
		const gchar *path = g_ptr_array_index(profiles, i);
		g_autofree gchar *name = td_demo_env_profile_name(path);
		GtkWidget *button = td_ui_button_new(name, NULL);
		g_object_set_data_full(G_OBJECT(button), "td-profile", g_strdup(path), g_free);
		g_signal_connect(button, "clicked", G_CALLBACK(td_insert_clicked_cb), context);
		gtk_box_append(GTK_BOX(box), button);
	}
	remove = td_ui_button_new("Lấy thẻ ra / Remove the card", "td-primary");
	g_signal_connect(remove, "clicked", G_CALLBACK(td_remove_clicked_cb), context);
	gtk_box_append(GTK_BOX(box), remove);
	gtk_window_set_child(GTK_WINDOW(window), box);
	return window;
}
