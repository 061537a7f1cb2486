/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Authorization header as tiepdon-hub reads it, from headers written
 * here by hand (RFC 7617's Basic, RFC 6750's Bearer): the hashes are
 * SHA-256 of the token as Python's hashlib printed them, the base64 as
 * its base64 module wrote it, not our code's. */
#include "config.h"

#include <string.h>

#include "td-hub-authorization.h"

/* 42 characters of base64url, like the tokens the hub hands out */
#define TOKEN	   "kB3xv_9QeZ1-aw7LrT0pYc2mNs8uVd4jHf6gEi5oXq"
#define TOKEN_HASH "e1b75c2e00e6ebe9c1a34d123d4604b98f1cd17b457610b0ceae00375ac56f8d"

static void
test_hub_authorization_bearer(void)
{
	g_autofree gchar *hash = td_hub_authorization_bearer_hash("Bearer " TOKEN);
	g_autofree gchar *lower = td_hub_authorization_bearer_hash("bearer " TOKEN);

	g_assert_cmpstr(hash, ==, TOKEN_HASH);
	/* the scheme is case-insensitive (RFC 7235 §2.1) */
	g_assert_cmpstr(lower, ==, TOKEN_HASH);
	g_assert_null(td_hub_authorization_bearer_hash(NULL));
	g_assert_null(td_hub_authorization_bearer_hash(""));
	g_assert_null(td_hub_authorization_bearer_hash("Bearer"));
	g_assert_null(td_hub_authorization_bearer_hash("Bearer  " TOKEN));
	g_assert_null(td_hub_authorization_bearer_hash("Bearer " TOKEN " "));
	g_assert_null(td_hub_authorization_bearer_hash("Bearer short-token"));
	g_assert_null(td_hub_authorization_bearer_hash("Basic " TOKEN));
	g_assert_null(td_hub_authorization_bearer_hash("Bearer kB3xv_9QeZ1-aw7L\"T0pYc2mNs8uVd4jHf6gEi5oXq"));
}

static void
test_hub_authorization_basic(void)
{
	g_autofree gchar *name = NULL;
	g_autofree gchar *hash = NULL;

	/* "Sở Y tế Hà Nội:" TOKEN */
	g_assert_true(td_hub_authorization_basic(
	    "Basic U+G7nyBZIHThur8gSMOgIE7hu5lpOmtCM3h2XzlRZVoxLWF3N0xyVDBwWWMybU5zOHVWZDRqSGY2Z0VpNW9YcQ==", &name,
	    &hash));
	g_assert_cmpstr(name, ==, "Sở Y tế Hà Nội");
	g_assert_cmpstr(hash, ==, TOKEN_HASH);
}

/* What must be refused, each with nothing handed back. */
static void
test_hub_authorization_basic_refused(void)
{
	static const gchar *const refused[] = {
	    NULL,
	    "",
	    "Basic",
	    "Basic ",
	    "Bearer " TOKEN,
	    /* no colon: "Sở Y tế Hà Nội" */
	    "Basic U+G7nyBZIHThur8gSMOgIE7hu5lp",
	    /* a token of 15 characters: "viewer:abcdefghijklmno" */
	    "Basic dmlld2VyOmFiY2RlZmdoaWprbG1ubw==",
	    /* a space in the token: "viewer:kB3xv_9QeZ1 aw7LrT0pYc2m" */
	    "Basic dmlld2VyOmtCM3h2XzlRZVoxIGF3N0xyVDBwWWMybQ==",
	    /* a name that is not UTF-8: "\xff\xfe:" TOKEN */
	    "Basic //46a0IzeHZfOVFlWjEtYXc3THJUMHBZYzJtTnM4dVZkNGpIZjZnRWk1b1hx",
	    /* a NUL inside: "a\0b:" TOKEN */
	    "Basic YQBiOmtCM3h2XzlRZVoxLWF3N0xyVDBwWWMybU5zOHVWZDRqSGY2Z0VpNW9YcQ==",
	    /* not base64 at all */
	    "Basic ****",
	};

	for (gsize i = 0; i < G_N_ELEMENTS(refused); i++) {
		gchar *name = NULL;
		gchar *hash = NULL;

		g_test_message("refused[%" G_GSIZE_FORMAT "]: %s", i, refused[i]);
		g_assert_false(td_hub_authorization_basic(refused[i], &name, &hash));
		g_assert_null(name);
		g_assert_null(hash);
	}
}

/* The longest name the hub lets a viewer have (200 characters, here of
 * three bytes each in UTF-8) with the longest token: a header of 1,166
 * characters, which the hub must take. */
static void
test_hub_authorization_basic_longest(void)
{
	g_autoptr(GString) credentials = g_string_new(NULL);
	g_autofree gchar *base64 = NULL;
	g_autofree gchar *header = NULL;
	g_autofree gchar *name = NULL;
	g_autofree gchar *hash = NULL;

	for (guint i = 0; i < 200; i++)
		g_string_append(credentials, "ệ");
	g_assert_cmpuint(credentials->len, ==, 600);
	g_string_append_c(credentials, ':');
	for (guint i = 0; i < 256; i++)
		g_string_append_c(credentials, "ab+/"[i % 4]);
	base64 = g_base64_encode((const guchar *)credentials->str, credentials->len);
	header = g_strconcat("Basic ", base64, NULL);
	g_assert_cmpuint(strlen(header), ==, 1150);
	g_assert_true(td_hub_authorization_basic(header, &name, &hash));
	g_assert_cmpuint(g_utf8_strlen(name, -1), ==, 200);
	g_assert_cmpuint(strlen(hash), ==, 64);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/hub-authorization/bearer", test_hub_authorization_bearer);
	g_test_add_func("/hub-authorization/basic", test_hub_authorization_basic);
	g_test_add_func("/hub-authorization/basic-refused", test_hub_authorization_basic_refused);
	g_test_add_func("/hub-authorization/basic-longest", test_hub_authorization_basic_longest);
	return g_test_run();
}
