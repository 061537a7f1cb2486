/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-i18n.h"
#include "td-journaled-store.h"
#include "td-number-pad.h"
#include "td-pin-page.h"
#include "td-staff-pin.h"
#include "td-reflow-box.h"
#include "td-secret.h"
#include "td-ui-util.h"
#include "td-ui-worker.h"

/* the words over the names at the least: the title's two lines */
#define TD_PIN_WORDS_MIN_PX 110

struct _TdPinPage {
	GtkBox parent_instance;
	gchar *purpose; /* NULL: the console */
	TdKioskContext *context;
	GtkWidget *accounts; /* GtkFlowBox of toggles, one per account */
	guint n_accounts;
	gint64 chosen;	 /* the account whose name is pressed (or the only one); 0: none */
	gint64 unlocked; /* the account last let in */
	gboolean unlocked_manager; /* the account let in may open the manager's dashboard */
	GtkWidget *title;
	GtkWidget *pad;
	GtkWidget *message;
	GtkWidget *cancel;
	TdPinVerdict last;
	guint wait_s;
	gchar *store_error; /* what the page says when the store failed */
	gchar *unlocked_name;
	gchar *chosen_name;
	GCancellable *cancellable; /* the PIN's check, the accounts' read: cancelled with the page */
	gboolean checking;	   /* a PIN is being checked: the pad waits */
	gboolean loading;	   /* the accounts are being read */
	gboolean load_failed;	   /* read again when the database is back */
	gboolean loaded_away;	   /* the same: read offline, the station's account only */
	gboolean reload_wanted;	   /* the database came back while a PIN was checked */
};

G_DEFINE_FINAL_TYPE(TdPinPage, td_pin_page, GTK_TYPE_BOX)

static void td_pin_page_load_accounts(TdPinPage *self);

enum { SIGNAL_UNLOCKED, SIGNAL_CANCEL, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
td_pin_page_show_message(TdPinPage *self)
{
	g_autofree gchar *text = NULL;

	gtk_widget_set_sensitive(self->pad, !self->checking && !self->loading);
	if (self->checking || self->loading) {
		gtk_label_set_text(GTK_LABEL(self->message),
				   self->checking ? _("Checking the PIN…") : _("Loading…"));
		gtk_widget_set_visible(self->message, TRUE);
		return;
	}
	switch (self->last) {
	case TD_PIN_WRONG:
		text = g_strdup(_("Wrong PIN. Please try again."));
		break;
	case TD_PIN_LOCKED:
		text = g_strdup_printf(_("Too many wrong PINs. Try again in %u minutes."), (self->wait_s + 59) / 60);
		break;
	case TD_PIN_NOT_SET:
		text = g_strdup(_("No staff PIN is set yet. Please ask the administrator."));
		break;
	case TD_PIN_NO_NAME:
		text = g_strdup(_("Please choose your name first."));
		break;
	case TD_PIN_NO_DATABASE:
		text = g_strdup(self->store_error);
		break;
	case TD_PIN_ACCEPTED:
	default:
		text = g_strdup("");
		break;
	}
	gtk_label_set_text(GTK_LABEL(self->message), text);
	gtk_widget_set_visible(self->message, text[0] != '\0');
}

static void
td_pin_page_retranslate(TdPinPage *self)
{
	gtk_label_set_text(GTK_LABEL(self->title),
			   self->purpose != NULL ? self->purpose
			   : self->n_accounts > 1 ? _("Staff only: choose your name, then enter your PIN")
						  : _("Staff only: enter the PIN"));
	td_ui_set_a11y_label(self->pad, _("PIN"));
	td_ui_button_set_text(self->cancel, _("Back"));
	td_pin_page_show_message(self);
}

static void
td_pin_page_language_changed_cb(TdI18n *i18n, TdPinPage *self)
{
	td_pin_page_retranslate(self);
}

/* The core's PIN check (a slow hash, the lock-out counted in the store),
 * in a worker. */
typedef struct {
	TdStore *store;
	TdConfig *config; /* a reference: the page may close first */
	gint64 staff_id;
	gchar *pin;
	gint64 now_unix;
	TdStaffPinVerdict verdict;
	guint wait_s;
	TdStaffMember *verified; /* the account as the store had it at the check */
} TdPinCheck;

static void
td_pin_check_free(TdPinCheck *check)
{
	g_object_unref(check->store);
	td_config_free(check->config);
	td_str_clear_free(check->pin);
	g_clear_pointer(&check->verified, td_staff_member_free);
	g_free(check);
}

static gboolean
td_pin_check_work(gpointer data, GError **error)
{
	TdPinCheck *check = data;
	return td_staff_pin_verify(check->store, check->config, check->staff_id, check->pin, check->now_unix,
				   &check->verdict, &check->wait_s, &check->verified, error);
}

static void
td_pin_page_set_store_error(TdPinPage *self, const gchar *what, const GError *error)
{
	g_free(self->store_error);
	self->store_error = td_ui_store_read_error_text(what, error);
	self->last = TD_PIN_NO_DATABASE;
}

static void
td_pin_checked_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdPinPage *self = TD_PIN_PAGE(source);
	g_autoptr(GError) error = NULL;
	TdPinCheck *check = td_ui_worker_finish(result, &error);

	if (td_ui_worker_cancelled(error))
		return; /* the page is gone, or was reset */
	self->checking = FALSE;
	self->wait_s = 0;
	if (check == NULL && g_error_matches(error, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE)) {
		td_pin_page_set_store_error(self, "staff PIN", error);
	} else if (check == NULL) {
		g_warning("staff PIN: %s", error->message);
		self->last = TD_PIN_NOT_SET;
	} else if (check->verdict == TD_STAFF_PIN_OK) {
		/* who was checked, as the store had them then: not the name
		 * pressed since, nor a role read with the list */
		self->unlocked = check->verified->id;
		self->unlocked_manager = check->verified->manager;
		g_free(self->unlocked_name);
		self->unlocked_name = g_strdup(check->verified->name);
		self->last = TD_PIN_ACCEPTED;
	} else if (check->verdict == TD_STAFF_PIN_LOCKED) {
		self->wait_s = check->wait_s;
		self->last = TD_PIN_LOCKED;
	} else {
		self->last = TD_PIN_WRONG;
	}
	td_pin_page_show_message(self);
	if (self->last == TD_PIN_ACCEPTED) {
		self->reload_wanted = FALSE;
		g_signal_emit(self, signals[SIGNAL_UNLOCKED], 0);
	} else if (self->reload_wanted) {
		td_pin_page_load_accounts(self);
	}
}

static void
td_pin_submitted_cb(TdNumberPad *pad, const gchar *pin, TdPinPage *self)
{
	TdKioskContext *context = self->context;
	TdPinCheck *check;

	/* typed again while the first is checked: one check, and the pad
	 * empty for what comes after */
	if (self->checking || self->loading) {
		td_number_pad_clear(pad);
		return;
	}
	if (context == NULL || context->config == NULL || context->store == NULL || self->n_accounts == 0) {
		self->last = self->load_failed ? TD_PIN_NO_DATABASE : TD_PIN_NOT_SET;
		td_number_pad_clear(pad);
		td_pin_page_show_message(self);
		return;
	}
	if (self->chosen == 0) {
		self->last = TD_PIN_NO_NAME;
		td_number_pad_clear(pad);
		td_pin_page_show_message(self);
		return;
	}
	check = g_new0(TdPinCheck, 1);
	check->store = g_object_ref(context->store);
	check->config = td_config_ref(context->config);
	check->staff_id = self->chosen;
	check->pin = g_strdup(pin);
	/* pin is the pad's own text: copied, then wiped */
	td_number_pad_clear(pad);
	check->now_unix = g_get_real_time() / G_USEC_PER_SEC;
	self->checking = TRUE;
	td_pin_page_show_message(self);
	td_ui_worker_run(self, self->cancellable, td_pin_check_work, check, (GDestroyNotify)td_pin_check_free,
			 td_pin_checked_cb, NULL);
}

static void
td_account_toggled_cb(GtkToggleButton *toggle, TdPinPage *self)
{
	if (gtk_toggle_button_get_active(toggle)) {
		self->chosen = *(const gint64 *)g_object_get_data(G_OBJECT(toggle), "td-staff-id");
		g_free(self->chosen_name);
		self->chosen_name = g_strdup(g_object_get_data(G_OBJECT(toggle), "td-staff-name"));
	}
}

typedef struct {
	TdStore *store;
	TdConfig *config; /* a reference: the page may close first */
	GPtrArray *accounts;
	gboolean away; /* the kiosk's journal gave them: its server is out of reach */
} TdAccountsLoad;

static void
td_accounts_load_free(TdAccountsLoad *load)
{
	g_object_unref(load->store);
	td_config_free(load->config);
	g_clear_pointer(&load->accounts, g_ptr_array_unref);
	g_free(load);
}

static gboolean
td_accounts_load_work(gpointer data, GError **error)
{
	TdAccountsLoad *load = data;
	TdJournalState state;

	load->accounts = td_staff_pin_accounts(load->store, load->config, error);
	/* the journaled store says so itself: the store watch finds the
	 * journal answering for the server, so its "reachable" cannot */
	load->away = TD_IS_JOURNALED_STORE(load->store) &&
		     td_journaled_store_get_state(TD_JOURNALED_STORE(load->store), &state, NULL) &&
		     state.offline_since != 0;
	return load->accounts != NULL;
}

/* One toggle per account that can log in, in one group: a tap chooses. */
static void
td_accounts_loaded_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	TdPinPage *self = TD_PIN_PAGE(source);
	g_autoptr(GError) error = NULL;
	TdAccountsLoad *load = td_ui_worker_finish(result, &error);
	GPtrArray *accounts;
	GtkWidget *first = NULL;

	if (td_ui_worker_cancelled(error))
		return;
	self->loading = FALSE;
	self->load_failed = load == NULL;
	if (load == NULL) {
		td_pin_page_set_store_error(self, "staff accounts", error);
		td_pin_page_retranslate(self);
		return;
	}
	accounts = load->accounts;
	self->n_accounts = accounts->len;
	self->loaded_away = load->away;
	for (guint i = 0; i < accounts->len; i++) {
		const TdStaffMember *member = g_ptr_array_index(accounts, i);
		GtkWidget *toggle = td_ui_toggle_new();

		td_ui_toggle_set_text(toggle, member->name);
		/* one line where the column has room; a name a line at the
		 * least (800 x 480 in large text), never wider than the
		 * column, which cut the words over it */
		td_ui_button_set_wrap_when_narrow(toggle);
		g_object_set_data_full(G_OBJECT(toggle), "td-staff-id", g_memdup2(&member->id, sizeof(member->id)),
				       g_free);
		g_object_set_data_full(G_OBJECT(toggle), "td-staff-name", g_strdup(member->name), g_free);
		if (first != NULL)
			gtk_toggle_button_set_group(GTK_TOGGLE_BUTTON(toggle), GTK_TOGGLE_BUTTON(first));
		else
			first = toggle;
		g_signal_connect(toggle, "toggled", G_CALLBACK(td_account_toggled_cb), self);
		gtk_flow_box_append(GTK_FLOW_BOX(self->accounts), toggle);
	}
	/* one account (the station's, usually): nothing to choose */
	if (accounts->len == 1) {
		const TdStaffMember *only = g_ptr_array_index(accounts, 0);
		self->chosen = only->id;
		self->chosen_name = g_strdup(only->name);
	}
	gtk_widget_set_visible(self->accounts, accounts->len > 1);
	td_pin_page_retranslate(self);
}

static void
td_pin_page_load_accounts(TdPinPage *self)
{
	TdAccountsLoad *load;
	GtkWidget *child;

	if (self->cancellable == NULL)
		return; /* disposed, kept a while by a task */
	while ((child = gtk_widget_get_first_child(self->accounts)) != NULL)
		gtk_flow_box_remove(GTK_FLOW_BOX(self->accounts), child);
	gtk_widget_set_visible(self->accounts, FALSE);
	self->chosen = 0;
	g_clear_pointer(&self->chosen_name, g_free);
	self->n_accounts = 0;
	self->load_failed = FALSE;
	/* a reset while a PIN or the list is on its way: that answer is old */
	g_cancellable_cancel(self->cancellable);
	g_object_unref(self->cancellable);
	self->cancellable = g_cancellable_new();
	self->checking = FALSE;
	self->loading = FALSE;
	self->reload_wanted = FALSE;
	if (self->context == NULL || self->context->store == NULL)
		return;
	load = g_new0(TdAccountsLoad, 1);
	load->store = g_object_ref(self->context->store);
	load->config = self->context->config != NULL ? td_config_ref(self->context->config) : NULL;
	self->loading = TRUE;
	td_ui_worker_run(self, self->cancellable, td_accounts_load_work, load, (GDestroyNotify)td_accounts_load_free,
			 td_accounts_loaded_cb, NULL);
}

/* The database is back: the names it could not give (or that the
 * kiosk's journal gave instead: the station's account only) are read
 * again; a PIN on its way is answered first (reading the names anew
 * would drop it). */
static void
td_pin_page_database_back(TdPinPage *self)
{
	if (!self->load_failed && !self->loaded_away)
		return;
	if (self->checking) {
		self->reload_wanted = TRUE;
		return;
	}
	td_pin_page_load_accounts(self);
}

static void
td_reachable_changed_cb(GObject *watch, GParamSpec *pspec, TdPinPage *self)
{
	if (td_store_watch_get_reachable(TD_STORE_WATCH(watch)))
		td_pin_page_database_back(self);
}

static void
td_offline_changed_cb(TdJournaledStore *store, TdPinPage *self)
{
	TdJournalState state;

	if (td_journaled_store_get_state(store, &state, NULL) && state.offline_since == 0)
		td_pin_page_database_back(self);
}

static void
td_pin_cancel_clicked_cb(GtkButton *button, TdPinPage *self)
{
	td_pin_page_reset(self);
	g_signal_emit(self, signals[SIGNAL_CANCEL], 0);
}

void
td_pin_page_set_context(TdPinPage *self, TdKioskContext *context)
{
	self->context = context;
	if (context != NULL && context->watch != NULL)
		g_signal_connect_object(context->watch, "notify::reachable", G_CALLBACK(td_reachable_changed_cb), self,
					0);
	if (context != NULL && TD_IS_JOURNALED_STORE(context->store))
		g_signal_connect_object(context->store, "offline-changed", G_CALLBACK(td_offline_changed_cb), self, 0);
	td_pin_page_reset(self);
}

void
td_pin_page_set_cancel_visible(TdPinPage *self, gboolean visible)
{
	gtk_widget_set_visible(self->cancel, visible);
}

gint64
td_pin_page_get_staff_id(TdPinPage *self)
{
	return self->unlocked;
}

gboolean
td_pin_page_get_staff_is_manager(TdPinPage *self)
{
	return self->unlocked_manager;
}

const gchar *
td_pin_page_get_staff_name(TdPinPage *self)
{
	return self->unlocked_name;
}

gboolean
td_pin_page_is_busy(TdPinPage *self)
{
	return self->checking || self->loading;
}

guint
td_pin_page_get_n_accounts(TdPinPage *self)
{
	return self->n_accounts;
}

void
td_pin_page_reset(TdPinPage *self)
{
	td_number_pad_clear(TD_NUMBER_PAD(self->pad));
	td_pin_page_load_accounts(self);
	self->last = TD_PIN_ACCEPTED;
	g_clear_pointer(&self->purpose, g_free);
	td_pin_page_retranslate(self);
}

void
td_pin_page_set_purpose(TdPinPage *self, const gchar *title)
{
	g_free(self->purpose);
	self->purpose = g_strdup(title);
	td_pin_page_retranslate(self);
}

void
td_pin_page_enter(TdPinPage *self, const gchar *pin)
{
	td_number_pad_clear(TD_NUMBER_PAD(self->pad));
	for (const gchar *p = pin; *p != '\0'; p++)
		td_number_pad_press(TD_NUMBER_PAD(self->pad), *p);
	td_number_pad_submit(TD_NUMBER_PAD(self->pad));
}

const gchar *
td_pin_page_get_message(TdPinPage *self)
{
	return gtk_label_get_text(GTK_LABEL(self->message));
}

static void
td_pin_page_dispose(GObject *object)
{
	TdPinPage *self = TD_PIN_PAGE(object);

	g_signal_handlers_disconnect_by_data(td_i18n_get_default(), self);
	if (self->context != NULL && self->context->watch != NULL)
		g_signal_handlers_disconnect_by_data(self->context->watch, self);
	if (self->cancellable != NULL)
		g_cancellable_cancel(self->cancellable);
	g_clear_object(&self->cancellable);
	G_OBJECT_CLASS(td_pin_page_parent_class)->dispose(object);
}

static void
td_pin_page_finalize(GObject *object)
{
	TdPinPage *self = TD_PIN_PAGE(object);

	g_free(self->purpose);
	g_free(self->store_error);
	g_free(self->chosen_name);
	g_free(self->unlocked_name);
	G_OBJECT_CLASS(td_pin_page_parent_class)->finalize(object);
}

static void
td_pin_page_class_init(TdPinPageClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = td_pin_page_dispose;
	G_OBJECT_CLASS(klass)->finalize = td_pin_page_finalize;
	signals[SIGNAL_UNLOCKED] = g_signal_new("unlocked", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
						NULL, NULL, G_TYPE_NONE, 0);
	signals[SIGNAL_CANCEL] = g_signal_new("cancel", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
					      NULL, G_TYPE_NONE, 0);
}

/* The words and the way back beside the pad where the screen is wide
 * enough, above it where it is not. The words (with the names to choose
 * from) give way to the pad: they scroll in their own box where the
 * screen is short (800 x 480 in large text with several accounts), the
 * way back in sight under them. */
static void
td_pin_page_init(TdPinPage *self)
{
	GtkWidget *row = td_reflow_box_new(TD_UI_SPACING_WIDE);
	GtkWidget *side = gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING);
	GtkWidget *column = gtk_box_new(GTK_ORIENTATION_VERTICAL, TD_UI_SPACING);

	self->cancellable = g_cancellable_new();
	gtk_orientable_set_orientation(GTK_ORIENTABLE(self), GTK_ORIENTATION_VERTICAL);
	gtk_widget_add_css_class(GTK_WIDGET(self), "td-page");
	gtk_widget_set_valign(side, GTK_ALIGN_CENTER);
	gtk_widget_set_valign(column, GTK_ALIGN_CENTER);
	td_number_pad_size_column(column);
	/* what the PIN typed led to first, over the title: where the words
	 * scroll (800 x 480 in large text, with names to choose from) it is
	 * what shows; hidden while there is nothing to say */
	self->message = td_ui_append(column, td_ui_label_new("td-warn"));
	gtk_widget_add_css_class(self->message, "td-body");
	gtk_label_set_max_width_chars(GTK_LABEL(self->message), TD_UI_LINE_CHARS / 2);
	self->title = td_ui_append(column, td_ui_label_new("td-title"));
	gtk_label_set_max_width_chars(GTK_LABEL(self->title), TD_UI_LINE_CHARS / 2);
	self->accounts = td_ui_append(column, gtk_flow_box_new());
	gtk_flow_box_set_selection_mode(GTK_FLOW_BOX(self->accounts), GTK_SELECTION_NONE);
	gtk_flow_box_set_column_spacing(GTK_FLOW_BOX(self->accounts), TD_UI_SPACING_TIGHT);
	gtk_flow_box_set_row_spacing(GTK_FLOW_BOX(self->accounts), TD_UI_SPACING_TIGHT);
	gtk_widget_set_visible(self->accounts, FALSE);
	td_ui_append(side, td_ui_words_scroller_new(column, TD_PIN_WORDS_MIN_PX));
	self->cancel = td_ui_append(side, td_ui_button_new("", "td-small"));
	gtk_widget_set_halign(self->cancel, GTK_ALIGN_CENTER);
	g_signal_connect(self->cancel, "clicked", G_CALLBACK(td_pin_cancel_clicked_cb), self);
	td_reflow_box_append(TD_REFLOW_BOX(row), side);
	self->pad = td_number_pad_new(TD_STAFF_PIN_MIN_DIGITS, TD_STAFF_PIN_MAX_DIGITS, TD_NUMBER_PAD_MASKED);
	g_signal_connect(self->pad, "submitted", G_CALLBACK(td_pin_submitted_cb), self);
	td_reflow_box_append(TD_REFLOW_BOX(row), self->pad);
	gtk_widget_set_vexpand(row, TRUE);
	gtk_box_append(GTK_BOX(self), row);
	td_pin_page_retranslate(self);
	g_signal_connect_object(td_i18n_get_default(), "changed", G_CALLBACK(td_pin_page_language_changed_cb), self,
				0);
}

GtkWidget *
td_pin_page_new(void)
{
	return g_object_new(TD_TYPE_PIN_PAGE, NULL);
}
