/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "td-main-context.h"

typedef struct {
	TdMainContextFunc func;
	gpointer data;
	GDestroyNotify destroy;
	GCancellable *cancellable;
} TdMainContextPost;

static gboolean
td_main_context_post_dispatch(gpointer user_data)
{
	TdMainContextPost *post = user_data;

	if (post->cancellable == NULL || !g_cancellable_is_cancelled(post->cancellable))
		post->func(post->data);
	return G_SOURCE_REMOVE;
}

static void
td_main_context_post_free(gpointer user_data)
{
	TdMainContextPost *post = user_data;

	if (post->destroy != NULL)
		post->destroy(post->data);
	g_clear_object(&post->cancellable);
	g_free(post);
}

void
td_main_context_post(GMainContext *context, gint priority, const gchar *name, GCancellable *cancellable,
		     TdMainContextFunc func, gpointer data, GDestroyNotify destroy)
{
	g_autoptr(GSource) source = NULL;
	TdMainContextPost *post;

	g_return_if_fail(func != NULL);
	source = g_idle_source_new();
	post = g_new0(TdMainContextPost, 1);
	post->func = func;
	post->data = data;
	post->destroy = destroy;
	post->cancellable = cancellable != NULL ? g_object_ref(cancellable) : NULL;
	g_source_set_priority(source, priority);
	g_source_set_callback(source, td_main_context_post_dispatch, post, td_main_context_post_free);
	if (name != NULL)
		g_source_set_static_name(source, name);
	g_source_attach(source, context);
}
