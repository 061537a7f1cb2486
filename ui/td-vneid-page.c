/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-i18n.h"
#include "td-qr-image.h"
#include "td-ui-util.h"
#include "td-vneid-page.h"

#define TD_VNEID_N_STEPS 6

struct _TdVneidPage {
	GtkBox parent_instance;
	GtkWidget *stack;
	TdVneidAnswer chosen;
	/* question */
	GtkWidget *q_title;
	GtkWidget *q_body;
	GtkWidget *q_integrated;
	GtkWidget *q_not_yet;
	GtkWidget *q_no_account;
	/* steps */
	GtkWidget *s_title;
	GtkWidget *s_steps[TD_VNEID_N_STEPS];
	GtkWidget *s_qr;
	GtkWidget *s_qr_caption;
	GtkWidget *s_done;
	/* no account */
	GtkWidget *n_title;
	GtkWidget *n_body;
	GtkWidget *n_then;
	GtkWidget *n_done;
	/* thanks (integrated, no smartphone) */
	GtkWidget *t_title;
	GtkWidget *t_done;
	GtkWidget *q_no_phone;
};

G_DEFINE_FINAL_TYPE(TdVneidPage, td_vneid_page, GTK_TYPE_BOX)

enum { SIGNAL_ANSWERED, SIGNAL_DONE, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The icons beside each step: what the patient looks for in the app. */
static const gchar *const step_icons[TD_VNEID_N_STEPS] = {
    "folder-open-symbolic",		"view-list-symbolic",	   "document-new-symbolic",
    "emblem-favorite-symbolic", "contact-new-symbolic", "mail-send-symbolic",
};

static void
td_vneid_page_retranslate(TdVneidPage *self)
{
	/* The app's own button names stay in Vietnamese in both languages: that
	 * is what the patient sees on the phone. */
	const gchar *steps[TD_VNEID_N_STEPS] = {
	    _("Open VNeID and tap “Ví giấy tờ” (Document wallet)."),
	    _("Tap “Tích hợp thông tin” (Integrate information)."),
	    _("Tap “Tạo mới yêu cầu” (New request)."),
	    _("Choose “Thẻ bảo hiểm y tế” (Health insurance card)."),
	    _("Choose the issuer “BHXH Việt Nam” and type your insurance number (10 digits) or the full "
	      "card code (15 characters)."),
	    _("Tick the confirmation and tap “Gửi yêu cầu” (Send request)."),
	};

	gtk_label_set_text(GTK_LABEL(self->q_title), _("Is your health insurance card in the VNeID app?"));
	gtk_label_set_text(GTK_LABEL(self->q_body),
			   _("With it in VNeID you will not need the paper card, and your e-health book is "
			     "created."));
	td_ui_button_set_text(self->q_integrated, _("Yes, it is already in VNeID"));
	td_ui_button_set_text(self->q_not_yet, _("Not yet – show me how"));
	td_ui_button_set_text(self->q_no_account, _("I have no level-2 VNeID account"));
	td_ui_button_set_text(self->q_no_phone, _("I do not use a smartphone"));
	gtk_label_set_text(GTK_LABEL(self->t_title), _("Thank you."));
	td_ui_button_set_text(self->t_done, _("I understand"));

	gtk_label_set_text(GTK_LABEL(self->s_title), _("How to add your insurance card to VNeID"));
	for (guint i = 0; i < TD_VNEID_N_STEPS; i++) {
		GtkWidget *label = gtk_widget_get_last_child(self->s_steps[i]);
		gtk_label_set_text(GTK_LABEL(label), steps[i]);
	}
	gtk_label_set_text(GTK_LABEL(self->s_qr_caption), _("Scan with your phone for the full guide"));
	td_ui_button_set_text(self->s_done, _("I understand"));

	gtk_label_set_text(GTK_LABEL(self->n_title), _("You need a level-2 VNeID account first"));
	gtk_label_set_text(GTK_LABEL(self->n_body),
			   _("Please go to the commune police (Công an xã) with your ID card to activate a "
			     "level-2 electronic ID account."));
	gtk_label_set_text(GTK_LABEL(self->n_then),
			   _("Then add your health insurance card in the VNeID app. Your check-in today is "
			     "not affected."));
	td_ui_button_set_text(self->n_done, _("I understand"));
}

static void
td_vneid_page_language_changed_cb(TdI18n *i18n, TdVneidPage *self)
{
	td_vneid_page_retranslate(self);
}

void
td_vneid_page_reset(TdVneidPage *self)
{
	self->chosen = TD_VNEID_NOT_ASKED;
	gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "question");
}

const gchar *
td_vneid_page_get_view(TdVneidPage *self)
{
	return gtk_stack_get_visible_child_name(GTK_STACK(self->stack));
}

void
td_vneid_page_choose(TdVneidPage *self, TdVneidAnswer answer)
{
	self->chosen = answer;
	switch (answer) {
	case TD_VNEID_NOT_YET:
		gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "steps");
		break;
	case TD_VNEID_NO_ACCOUNT:
		gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "no-account");
		break;
	default:
		gtk_stack_set_visible_child_name(GTK_STACK(self->stack), "thanks");
		break;
	}
	g_signal_emit(self, signals[SIGNAL_ANSWERED], 0, (guint)answer);
}

void
td_vneid_page_finish(TdVneidPage *self)
{
	if (self->chosen == TD_VNEID_NOT_ASKED)
		return;
	g_signal_emit(self, signals[SIGNAL_DONE], 0);
}

void
td_vneid_page_set_guide_url(TdVneidPage *self, const gchar *url)
{
	g_autoptr(GdkTexture) texture = NULL;
	g_autoptr(GError) error = NULL;

	if (url != NULL)
		texture = td_qr_texture_new(url, 6, &error);
	if (error != NULL)
		g_warning("VNeID guide QR code: %s", error->message);
	gtk_picture_set_paintable(GTK_PICTURE(self->s_qr), GDK_PAINTABLE(texture));
	gtk_widget_set_visible(self->s_qr, texture != NULL);
	gtk_widget_set_visible(self->s_qr_caption, texture != NULL);
}

static void
td_answer_clicked_cb(GtkButton *button, TdVneidPage *self)
{
	td_vneid_page_choose(self, (TdVneidAnswer)GPOINTER_TO_INT(g_object_get_data(G_OBJECT(button), "td-answer")));
}

static void
td_done_clicked_cb(GtkButton *button, TdVneidPage *self)
{
	td_vneid_page_finish(self);
}

static GtkWidget *
td_view_box(TdVneidPage *self, const gchar *name)
{
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 20);
	gtk_widget_set_valign(box, GTK_ALIGN_CENTER);
	gtk_stack_add_named(GTK_STACK(self->stack), box, name);
	return box;
}

static GtkWidget *
td_add(GtkWidget *box, GtkWidget *child)
{
	gtk_box_append(GTK_BOX(box), child);
	return child;
}

static GtkWidget *
td_answer_button(TdVneidPage *self, GtkWidget *box, const gchar *icon, TdVneidAnswer answer)
{
	GtkWidget *button = td_ui_icon_button_new(icon, "", NULL);
	gtk_widget_set_hexpand(button, TRUE);
	g_object_set_data(G_OBJECT(button), "td-answer", GINT_TO_POINTER((gint)answer));
	g_signal_connect(button, "clicked", G_CALLBACK(td_answer_clicked_cb), self);
	gtk_box_append(GTK_BOX(box), button);
	return button;
}

static GtkWidget *
td_done_button(TdVneidPage *self, GtkWidget *box)
{
	GtkWidget *button = td_ui_button_new("", "td-primary");
	gtk_widget_set_halign(button, GTK_ALIGN_CENTER);
	g_signal_connect(button, "clicked", G_CALLBACK(td_done_clicked_cb), self);
	gtk_box_append(GTK_BOX(box), button);
	return button;
}

static void
td_vneid_page_class_init(TdVneidPageClass *klass)
{
	signals[SIGNAL_ANSWERED] = g_signal_new("answered", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
						NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
	signals[SIGNAL_DONE] = g_signal_new("done", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
					    G_TYPE_NONE, 0);
}

static void
td_vneid_page_init(TdVneidPage *self)
{
}

GtkWidget *
td_vneid_page_new(void)
{
	TdVneidPage *self = g_object_new(TD_TYPE_VNEID_PAGE, "orientation", GTK_ORIENTATION_VERTICAL, NULL);
	GtkWidget *box;
	GtkWidget *row;
	GtkWidget *list;

	gtk_widget_add_css_class(GTK_WIDGET(self), "td-page");
	self->stack = gtk_stack_new();
	gtk_widget_set_vexpand(self->stack, TRUE);
	gtk_box_append(GTK_BOX(self), self->stack);

	box = td_view_box(self, "question");
	self->q_title = td_add(box, td_ui_label_new("td-title"));
	self->q_body = td_add(box, td_ui_label_new("td-body"));
	/* three big answers one under the other: easy to tell apart and to hit */
	row = td_add(box, gtk_box_new(GTK_ORIENTATION_VERTICAL, 16));
	gtk_box_set_homogeneous(GTK_BOX(row), TRUE);
	gtk_widget_set_halign(row, GTK_ALIGN_CENTER);
	self->q_integrated = td_answer_button(self, row, "emblem-ok-symbolic", TD_VNEID_INTEGRATED);
	self->q_not_yet = td_answer_button(self, row, "dialog-question-symbolic", TD_VNEID_NOT_YET);
	self->q_no_account = td_answer_button(self, row, "avatar-default-symbolic", TD_VNEID_NO_ACCOUNT);
	self->q_no_phone = td_answer_button(self, row, "call-stop-symbolic", TD_VNEID_NO_SMARTPHONE);

	box = td_view_box(self, "steps");
	gtk_box_set_spacing(GTK_BOX(box), 12);
	self->s_title = td_add(box, td_ui_label_new("td-title"));
	row = td_add(box, gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 32));
	gtk_widget_set_halign(row, GTK_ALIGN_CENTER);
	list = td_add(row, gtk_box_new(GTK_ORIENTATION_VERTICAL, 10));
	gtk_widget_set_hexpand(list, TRUE);
	for (guint i = 0; i < TD_VNEID_N_STEPS; i++) {
		GtkWidget *step = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 16);
		g_autofree gchar *n = g_strdup_printf("%u", i + 1);
		GtkWidget *number = gtk_label_new(n);
		GtkWidget *icon = gtk_image_new_from_icon_name(step_icons[i]);
		GtkWidget *text = td_ui_label_new("td-step-text");

		gtk_widget_add_css_class(number, "td-step-number");
		gtk_widget_set_valign(number, GTK_ALIGN_START);
		gtk_image_set_pixel_size(GTK_IMAGE(icon), 48);
		gtk_widget_set_valign(icon, GTK_ALIGN_START);
		gtk_accessible_update_state(GTK_ACCESSIBLE(icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
		gtk_label_set_xalign(GTK_LABEL(text), 0);
		gtk_label_set_justify(GTK_LABEL(text), GTK_JUSTIFY_LEFT);
		gtk_label_set_max_width_chars(GTK_LABEL(text), 40);
		gtk_widget_set_hexpand(text, TRUE);
		gtk_box_append(GTK_BOX(step), number);
		gtk_box_append(GTK_BOX(step), icon);
		gtk_box_append(GTK_BOX(step), text);
		gtk_box_append(GTK_BOX(list), step);
		self->s_steps[i] = step;
	}
	{
		GtkWidget *qr_box = td_add(row, gtk_box_new(GTK_ORIENTATION_VERTICAL, 8));
		gtk_widget_set_valign(qr_box, GTK_ALIGN_CENTER);
		self->s_qr = td_add(qr_box, gtk_picture_new());
		gtk_picture_set_can_shrink(GTK_PICTURE(self->s_qr), FALSE);
		gtk_widget_set_visible(self->s_qr, FALSE);
		self->s_qr_caption = td_add(qr_box, td_ui_label_new("td-hint"));
		gtk_label_set_max_width_chars(GTK_LABEL(self->s_qr_caption), 16);
		gtk_widget_set_visible(self->s_qr_caption, FALSE);
	}
	self->s_done = td_done_button(self, box);

	box = td_view_box(self, "no-account");
	self->n_title = td_add(box, td_ui_label_new("td-title"));
	{
		GtkWidget *icon = td_add(box, gtk_image_new_from_icon_name("security-high-symbolic"));
		gtk_image_set_pixel_size(GTK_IMAGE(icon), 96);
		gtk_accessible_update_state(GTK_ACCESSIBLE(icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
	}
	self->n_body = td_add(box, td_ui_label_new("td-status"));
	self->n_then = td_add(box, td_ui_label_new("td-body"));
	self->n_done = td_done_button(self, box);

	box = td_view_box(self, "thanks");
	self->t_title = td_add(box, td_ui_label_new("td-title"));
	self->t_done = td_done_button(self, box);

	td_vneid_page_retranslate(self);
	g_signal_connect_object(td_i18n_get_default(), "changed", G_CALLBACK(td_vneid_page_language_changed_cb),
				self, 0);
	return GTK_WIDGET(self);
}
