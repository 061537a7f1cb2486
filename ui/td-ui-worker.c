/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-i18n.h"
#include "td-config.h"
#include "td-store.h"
#include "td-ui-worker.h"
#include "td-worker.h"

typedef struct {
	TdUiWorkFunc work;
	gpointer job;
	GDestroyNotify job_free;
} TdUiWorker;

static void
td_ui_worker_free(TdUiWorker *worker)
{
	if (worker->job_free != NULL && worker->job != NULL)
		worker->job_free(worker->job);
	g_free(worker);
}

static void
td_ui_worker_thread(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
	TdUiWorker *worker = task_data;
	g_autoptr(GError) error = NULL;

	if (!worker->work(worker->job, &error))
		g_task_return_error(task, g_steal_pointer(&error));
	else
		g_task_return_pointer(task, worker->job, NULL);
}

void
td_ui_worker_run(gpointer owner, GCancellable *cancellable, TdUiWorkFunc work, gpointer job,
		 GDestroyNotify job_free, GAsyncReadyCallback done, gpointer user_data)
{
	g_autoptr(GTask) task = g_task_new(owner, cancellable, done, user_data);
	TdUiWorker *worker = g_new0(TdUiWorker, 1);

	worker->work = work;
	worker->job = job;
	worker->job_free = job_free;
	g_task_set_task_data(task, worker, (GDestroyNotify)td_ui_worker_free);
	td_worker_run_in_thread(task, td_ui_worker_thread);
}

gpointer
td_ui_worker_finish(GAsyncResult *result, GError **error)
{
	return g_task_propagate_pointer(G_TASK(result), error);
}

gpointer
td_ui_worker_get_job(GAsyncResult *result)
{
	return ((TdUiWorker *)g_task_get_task_data(G_TASK(result)))->job;
}

gboolean
td_ui_worker_cancelled(const GError *error)
{
	return g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static gchar *
td_ui_store_failure_text(const gchar *what, const GError *error, const gchar *unreachable, const gchar *failed)
{
	/* out of reach is the weather, not a fault: the banner says it too */
	if (g_error_matches(error, TD_STORE_ERROR, TD_STORE_ERROR_UNREACHABLE)) {
		g_message("%s: %s", what, error->message);
		return g_strdup(unreachable);
	}
	g_warning("%s: %s", what, error->message);
	return g_strdup(failed);
}

gchar *
td_ui_store_error_text(const gchar *what, const GError *error)
{
	/* what was pressed is not recorded: said, as the banner over the
	 * page ("Máy đang tự thử lại") is about the list, not the press */
	return td_ui_store_failure_text(what, error,
					_("The database cannot be reached just now: what you pressed is not saved. "
					  "Nothing is lost: please press it again in a moment."),
					_("Could not save: please try again, or tell the administrator."));
}

static gboolean
td_error_is_full(const GError *error)
{
	return g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOSPC) ||
	       g_error_matches(error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
}

static gboolean
td_error_is_locked(const GError *error)
{
	return g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_ROFS) ||
	       g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_ACCES) ||
	       g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_PERM) ||
	       g_error_matches(error, G_IO_ERROR, G_IO_ERROR_READ_ONLY) ||
	       g_error_matches(error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
}

/* a stick pulled out mid-write: its folder gone, or the device failing */
static gboolean
td_error_is_gone(const GError *error)
{
	return g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
	       g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NODEV) ||
	       g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_NXIO) ||
	       g_error_matches(error, G_FILE_ERROR, G_FILE_ERROR_IO) ||
	       g_error_matches(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

gchar *
td_ui_file_error_text(const gchar *what, const GError *error, gboolean on_usb)
{
	if (error->domain == TD_STORE_ERROR)
		return td_ui_store_read_error_text(what, error);
	g_warning("%s: %s", what, error->message);
	/* no second try mends a setting */
	if (error->domain == TD_CONFIG_ERROR)
		return g_strdup(_("the settings are not right. Please tell the administrator."));
	if (on_usb && td_error_is_full(error))
		return g_strdup(_("the USB stick is full. Please use another one, or delete some files from it."));
	if (on_usb && td_error_is_locked(error))
		return g_strdup(_("the USB stick does not take writing (it may be locked). Please use another one."));
	if (on_usb && td_error_is_gone(error))
		return g_strdup(_("the USB stick cannot be reached (it may have been taken out). Please plug it in and "
				  "try again."));
	if (td_error_is_full(error))
		return g_strdup(_("this machine's disk is full. Please tell the administrator."));
	return g_strdup(_("please try again, or tell the administrator."));
}

gchar *
td_ui_store_read_error_text(const gchar *what, const GError *error)
{
	return td_ui_store_failure_text(what, error,
					_("The database cannot be reached just now. Nothing is lost: please try again in "
					  "a moment."),
					_("Could not read the records: please try again, or tell the administrator."));
}
