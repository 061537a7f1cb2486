/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Authorization header as tiepdon-hub reads it, from headers written
 * here by hand (RFC 7617's Basic, RFC 6750's Bearer): the hashes are
 * SHA-256 of the token as Python's hashlib printed them, the base64 as
 * its base64 module wrote it, not our code's. */
#include "config.h"

#include <string.h>

#include "td-hub-authorization.h"

/* 42 characters of base64url (the hub hands out 43) */
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

/* Basic credentials of a name of n_chars characters of char_utf8, extra
 * after them, and a token of 256 characters: the header's value. */
static gchar *
td_basic_header(const gchar *char_utf8, guint n_chars, const gchar *extra)
{
	g_autoptr(GString) credentials = g_string_new(NULL);
	g_autofree gchar *base64 = NULL;

	for (guint i = 0; i < n_chars; i++)
		g_string_append(credentials, char_utf8);
	g_string_append(credentials, extra);
	g_string_append_c(credentials, ':');
	for (guint i = 0; i < 256; i++)
		g_string_append_c(credentials, "ab+/"[i % 4]);
	base64 = g_base64_encode((const guchar *)credentials->str, credentials->len);
	return g_strconcat("Basic ", base64, NULL);
}

/* The longest name the hub lets a viewer have (200 characters) with the
 * longest token: in Vietnamese (three bytes a character in UTF-8) a
 * header of 1,150 characters, which the hub must take (it refused any
 * over 1,024 before); of four-byte characters, 1,418, the most it
 * takes. A header one base64 block longer is refused. */
static void
test_hub_authorization_basic_longest(void)
{
	g_autofree gchar *vietnamese = td_basic_header("ệ", 200, "");
	g_autofree gchar *widest = td_basic_header("𝄞", 200, "");
	g_autofree gchar *longer = td_basic_header("𝄞", 200, "abc");
	g_autofree gchar *name = NULL;
	g_autofree gchar *hash = NULL;
	g_autofree gchar *name_widest = NULL;
	g_autofree gchar *hash_widest = NULL;
	gchar *name_longer = NULL;
	gchar *hash_longer = NULL;

	g_assert_cmpuint(strlen(vietnamese), ==, 1150);
	g_assert_true(td_hub_authorization_basic(vietnamese, &name, &hash));
	g_assert_cmpuint(g_utf8_strlen(name, -1), ==, 200);
	g_assert_cmpuint(strlen(hash), ==, 64);

	g_assert_cmpuint(strlen(widest), ==, 1418);
	g_assert_true(td_hub_authorization_basic(widest, &name_widest, &hash_widest));
	g_assert_cmpuint(g_utf8_strlen(name_widest, -1), ==, 200);

	g_assert_cmpuint(strlen(longer), ==, 1422);
	g_assert_false(td_hub_authorization_basic(longer, &name_longer, &hash_longer));
	g_assert_null(name_longer);
	g_assert_null(hash_longer);
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
