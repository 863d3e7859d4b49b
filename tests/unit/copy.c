/* Unit tests: sf_issue_dup and sf_meeting_dup (lib/issue.c, lib/meeting.c),
 * the copies a writer judges its change by */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "error.h"
#include "issue.h"
#include "meeting.h"
#include "units.h"

static struct sf_units *units;

static int
setup(void **state)
{
	return sf_units_parse("units.yaml", sf_default_units_yaml,
	    strlen(sf_default_units_yaml), &units);
}

static int
teardown(void **state)
{
	sf_units_free(units);
	return 0;
}

static char *
read_data(const char *kind, const char *name)
{
	const char *build = getenv("SANFEN_BUILD");
	struct sf_buf path = SF_BUF_INIT, in = SF_BUF_INIT;

	sf_buf_addf(&path, "%s/tests/unit/data/%s/%s", build ? build : ".",
	    kind, name);
	if (sf_buf_read_file(&in, path.buf, SF_MEETING_MAX_BYTES) < 0)
		fail_msg("cannot read %s", path.buf);
	sf_buf_release(&path);
	return sf_buf_detach(&in, NULL);
}

static char *
emit_issue(const struct sf_issue *is)
{
	struct sf_buf out = SF_BUF_INIT;

	assert_int_equal(sf_issue_emit(is, &out), 0);
	return sf_buf_detach(&out, NULL);
}

static char *
emit_meeting(const struct sf_meeting *m)
{
	struct sf_buf out = SF_BUF_INIT;

	assert_int_equal(sf_meeting_emit(m, &out), 0);
	return sf_buf_detach(&out, NULL);
}

/* Every kind of issue file: the copy emits the bytes of the original,
 * after the original is gone, and carries no positions of its text. */
static void
test_issue_dup(void **state)
{
	static const char *const files[] = { "submitted.yaml",
		"returned.yaml", "rejected.yaml", "scheduled.yaml",
		"coordinated.yaml", "escalated.yaml", "closed.yaml",
		"closed-national.yaml", "withdrawn.yaml" };
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *text = read_data("issue", files[i]), *a, *b;
		struct sf_issue *is = NULL, *copy = NULL;

		if (sf_issue_parse(files[i], text, strlen(text), units,
		    SF_ISSUE_FULL, &is) < 0)
			fail_msg("%s: %s", files[i], sf_error_message());
		assert_int_equal(sf_issue_dup(is, &copy), 0);
		assert_null(copy->src);
		assert_ptr_not_equal(copy->arena, is->arena);
		a = emit_issue(is);
		sf_issue_free(is);
		b = emit_issue(copy);
		assert_string_equal(a, b);
		sf_issue_free(copy);
		free(a);
		free(b);
		free(text);
	}
}

/* A change to the copy leaves the original as it was. */
static void
test_issue_dup_apart(void **state)
{
	char *text = read_data("issue", "coordinated.yaml"), *a, *b;
	struct sf_issue *is = NULL, *copy = NULL;

	assert_int_equal(sf_issue_parse("coordinated.yaml", text, strlen(text),
	    units, SF_ISSUE_FULL, &is), 0);
	assert_true(is->ntasks > 0);
	a = emit_issue(is);
	assert_int_equal(sf_issue_dup(is, &copy), 0);
	copy->status = SF_ST_CLOSED;
	copy->title = "another";
	copy->tasks[0].action = "another";
	copy->tasks[0].status = SF_TASK_DONE;
	b = emit_issue(is);
	assert_string_equal(a, b);
	sf_issue_free(copy);
	sf_issue_free(is);
	free(a);
	free(b);
	free(text);
}

static void
test_meeting_dup(void **state)
{
	static const char *const files[] = { "draft.yaml", "held.yaml",
		"issued.yaml" };
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *text = read_data("meeting", files[i]), *a, *b;
		struct sf_meeting *m = NULL, *copy = NULL;

		if (sf_meeting_parse(files[i], text, strlen(text), units,
		    &m) < 0)
			fail_msg("%s: %s", files[i], sf_error_message());
		assert_int_equal(sf_meeting_dup(m, &copy), 0);
		a = emit_meeting(m);
		copy->status = SF_MS_ISSUED;
		if (copy->nitems)
			copy->items[0].issue = "20240101-aaaaaa";
		b = emit_meeting(m);
		assert_string_equal(a, b);	/* the original untouched */
		free(b);
		sf_meeting_free(copy);
		assert_int_equal(sf_meeting_dup(m, &copy), 0);
		sf_meeting_free(m);
		b = emit_meeting(copy);
		assert_string_equal(a, b);
		sf_meeting_free(copy);
		free(a);
		free(b);
		free(text);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_issue_dup),
		cmocka_unit_test(test_issue_dup_apart),
		cmocka_unit_test(test_meeting_dup),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
