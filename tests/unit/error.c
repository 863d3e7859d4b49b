/* Unit tests: lib/error.c */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"

static void
test_error_codes_and_messages(void **state)
{
	struct sf_loc loc = { .file = "issues/2024/10/x.yaml", .line = 7,
		.col = 10, .field = "subject" };

	assert_int_equal(sf_error(SF_ENOTFOUND, "no issue %s", "x"),
	    SF_ENOTFOUND);
	assert_int_equal(sf_error_code(), SF_ENOTFOUND);
	assert_string_equal(sf_error_message(), "no issue x");
	assert_int_equal(sf_error_at(SF_EINVALID, &loc, "unknown value '%s'",
	    "y"), SF_EINVALID);
	assert_string_equal(sf_error_message(),
	    "issues/2024/10/x.yaml:7:10: subject: unknown value 'y'");
	sf_error_prefix("while reading %s", "it");
	assert_string_equal(sf_error_message(), "while reading it: "
	    "issues/2024/10/x.yaml:7:10: subject: unknown value 'y'");
	errno = ENOENT;
	assert_int_equal(sf_error_errno("cannot open %s", "f"), SF_EIO);
	assert_string_equal(sf_error_message(),
	    "cannot open f: No such file or directory");
	sf_error_clear();
	assert_string_equal(sf_error_message(), "unknown error");
	assert_int_equal(sf_error_code(), 0);
}

static void
test_error_read(void **state)
{
	errno = ELOOP;
	assert_int_equal(sf_error_read("issues/2024/10/x.yaml"), SF_EINVALID);
	assert_string_equal(sf_error_message(), "cannot read "
	    "issues/2024/10/x.yaml: a symbolic link (not followed)");
	errno = EINVAL;
	assert_int_equal(sf_error_read("units.yaml"), SF_EINVALID);
	assert_string_equal(sf_error_message(),
	    "cannot read units.yaml: not a regular file");
	errno = EISDIR;
	assert_int_equal(sf_error_read("units.yaml"), SF_EINVALID);
	assert_string_equal(sf_error_message(),
	    "cannot read units.yaml: not a regular file");
	errno = ENOENT;
	assert_int_equal(sf_error_read("units.yaml"), SF_EIO);
	assert_string_equal(sf_error_message(),
	    "cannot read units.yaml: No such file or directory");
}

static void
test_loc_format(void **state)
{
	struct sf_loc only_file = { .file = "units.yaml" };
	struct sf_loc no_col = { .file = "units.yaml", .line = 3,
		.field = "units[1].id" };
	struct sf_loc only_field = { .field = "title" };
	char s[128];

	sf_loc_format(&only_file, s, sizeof(s));
	assert_string_equal(s, "units.yaml: ");
	sf_loc_format(&no_col, s, sizeof(s));
	assert_string_equal(s, "units.yaml:3: units[1].id: ");
	sf_loc_format(&only_field, s, sizeof(s));
	assert_string_equal(s, "title: ");
}

static void
test_diags(void **state)
{
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_loc a = { .file = "f.yaml", .line = 2, .col = 8,
		.field = "topic" };
	struct sf_loc b = { .file = "f.yaml", .line = 9, .col = 3,
		.field = "tasks[1].due" };
	char *s;

	sf_diags_init(&d);
	assert_int_equal(sf_diags_result(&d), 0);
	sf_diag_add(&d, &a, "unknown topic '%s'", "x");
	assert_int_equal(sf_diags_result(&d), SF_EINVALID);
	assert_string_equal(sf_error_message(),
	    "f.yaml:2:8: topic: unknown topic 'x'");
	sf_diag_add(&d, &b, "invalid date '%s'", "2024-02-30");
	sf_diag_add(&d, NULL, "%s", "a message without a place");
	assert_int_equal(d.n, 3);
	assert_int_equal(sf_diags_result(&d), SF_EINVALID);
	assert_string_equal(sf_error_message(),
	    "f.yaml:2:8: topic: unknown topic 'x' (and 2 more)");
	s = sf_diag_string(&d.v[1]);
	assert_string_equal(s, "f.yaml:9:3: tasks[1].due: invalid date "
	    "'2024-02-30'");
	free(s);
	s = sf_diag_string(&d.v[2]);
	assert_string_equal(s, "a message without a place");
	free(s);
	sf_diags_clear(&d);
	assert_int_equal(d.n, 0);
}

static void
test_warnings(void **state)
{
	char *w;

	(void)state;
	assert_null(sf_warnings_take());
	sf_warning("first %d", 1);
	sf_warning("second");
	w = sf_warnings_take();
	assert_string_equal(w, "first 1\nsecond\n");
	free(w);
	assert_null(sf_warnings_take());	/* taken means forgotten */
	sf_warning("again");
	w = sf_warnings_take();
	assert_string_equal(w, "again\n");
	free(w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_error_codes_and_messages),
		cmocka_unit_test(test_error_read),
		cmocka_unit_test(test_loc_format),
		cmocka_unit_test(test_diags),
		cmocka_unit_test(test_warnings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
