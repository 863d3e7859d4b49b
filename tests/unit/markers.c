/* Unit tests: lib/markers.c, conflict markers around what differs */
#include <git2.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "markers.h"

static void
marked(const char *ours, const char *theirs, const char *want)
{
	struct sf_buf out = SF_BUF_INIT;

	assert_int_equal(sf_markers_write(ours, strlen(ours), theirs,
	    strlen(theirs), &out), 0);
	assert_string_equal(out.buf, want);
	sf_buf_release(&out);
}

static void
test_one_field(void **state)
{
	(void)state;
	marked("a: 1\nb: 2\nc: 3\n", "a: 1\nb: 9\nc: 3\n",
	    "a: 1\n<<<<<<< ours\nb: 2\n=======\nb: 9\n>>>>>>> theirs\nc: 3\n");
}

static void
test_two_apart(void **state)
{
	(void)state;
	marked("a: 1\nb: 2\nc: 3\nd: 4\n", "a: 0\nb: 2\nc: 3\nd: 5\n",
	    "<<<<<<< ours\na: 1\n=======\na: 0\n>>>>>>> theirs\nb: 2\n"
	    "c: 3\n<<<<<<< ours\nd: 4\n=======\nd: 5\n>>>>>>> theirs\n");
}

static void
test_added_on_one_side(void **state)
{
	(void)state;
	/* a key only theirs' settlement has: ours' run is empty */
	marked("a: 1\nc: 3\n", "a: 1\nb: 2\nc: 3\n",
	    "a: 1\n<<<<<<< ours\n=======\nb: 2\n>>>>>>> theirs\nc: 3\n");
	marked("a: 1\nb: 2\nc: 3\n", "a: 1\nc: 3\n",
	    "a: 1\n<<<<<<< ours\nb: 2\n=======\n>>>>>>> theirs\nc: 3\n");
}

static void
test_at_the_end_without_newline(void **state)
{
	(void)state;
	marked("a: 1\nb: 2", "a: 1\nb: 3",
	    "a: 1\n<<<<<<< ours\nb: 2\n=======\nb: 3\n>>>>>>> theirs\n");
}

static void
test_equal(void **state)
{
	(void)state;
	marked("a: 1\n", "a: 1\n", "a: 1\n");
}

static void
test_find(void **state)
{
	const char *clean = "a: 1\nb: '<<<<<<< not at the start'\n";
	const char *dirty = "a: 1\n<<<<<<< ours\nb: 2\n";
	const char *mid = "a: 1\nb: 2\n=======\n";
	const char *crlf = "a: 1\r\n>>>>>>> theirs\r\n";
	const char *longer = "a: 1\n<<<<<<<< eight\n========\n";

	(void)state;
	assert_int_equal(sf_markers_find(clean, strlen(clean)), 0);
	assert_int_equal(sf_markers_find(dirty, strlen(dirty)), 2);
	assert_int_equal(sf_markers_find(mid, strlen(mid)), 3);
	assert_int_equal(sf_markers_find(crlf, strlen(crlf)), 2);
	assert_int_equal(sf_markers_find(longer, strlen(longer)), 0);
	assert_int_equal(sf_markers_find("", 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_field),
		cmocka_unit_test(test_two_apart),
		cmocka_unit_test(test_added_on_one_side),
		cmocka_unit_test(test_at_the_end_without_newline),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_find),
	};

	git_libgit2_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
