/* Unit tests: lib/merge.c, the field-level three-way merge */
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
#include "merge.h"
#include "units.h"

#define F "issues/2024/10/20241008-k3f9qa.yaml"

static struct sf_units *units;
static char *base;		/* tests/unit/data/issue/coordinated.yaml */

static int
setup(void **state)
{
	struct sf_buf in = SF_BUF_INIT;
	const char *build = getenv("SANFEN_BUILD");
	char path[4096];

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/unit/data/issue/"
	    "coordinated.yaml", build ? build : ".");
	if (sf_buf_read_file(&in, path, 1 << 20) < 0)
		return -1;
	base = sf_buf_detach(&in, NULL);
	return sf_units_parse("units.yaml", sf_default_units_yaml,
	    strlen(sf_default_units_yaml), &units);
}

static int
teardown(void **state)
{
	(void)state;
	sf_units_free(units);
	free(base);
	return 0;
}

/* text with old replaced by new (once; the test fails if old is absent) */
static char *
subst(const char *text, const char *old, const char *new)
{
	const char *p = strstr(text, old);
	struct sf_buf b = SF_BUF_INIT;

	if (!p)
		fail_msg("'%s' not in the text", old);
	sf_buf_add(&b, text, (size_t)(p - text));
	sf_buf_addstr(&b, new);
	sf_buf_addstr(&b, p + strlen(old));
	return sf_buf_detach(&b, NULL);
}

static int
merge(const char *b, const char *o, const char *t,
    struct sf_resolutions *res, struct sf_buf *out, struct sf_conflicts *cf)
{
	struct sf_version vb = { b, b ? strlen(b) : 0 },
	    vo = { o, o ? strlen(o) : 0 }, vt = { t, t ? strlen(t) : 0 };

	sf_buf_init(out);
	sf_conflicts_init(cf);
	return sf_merge_file(F, &vb, &vo, &vt, units, res, out, cf);
}

/* The merge of b, o, t is clean and equals want (both ways round). */
static void
clean(const char *b, const char *o, const char *t, const char *want)
{
	struct sf_buf out;
	struct sf_conflicts cf;
	int rc;

	rc = merge(b, o, t, NULL, &out, &cf);
	if (rc != 0)
		fail_msg("merge: %d %s %s", rc, cf.n ? cf.v[0].key : "",
		    sf_error_message());
	if (strcmp(out.buf, want) != 0) {
		FILE *f = fopen("tests/tmp/merge.out", "w");

		if (f) {
			fprintf(f, "%s--- wanted\n%s", out.buf, want);
			fclose(f);
		}
	}
	assert_string_equal(out.buf, want);
	sf_buf_release(&out);
	sf_conflicts_clear(&cf);
}

static void
different_fields(void **state)
{
	char *o = subst(base, "contact: 宁波市发改委 王敏 0574-8918xxxx",
	    "contact: 宁波市发改委 李强 0574-8918xxxx");
	char *t = subst(base, "  due: 2024-12-31", "  due: 2025-01-31");
	char *want = subst(o, "  due: 2024-12-31", "  due: 2025-01-31");

	(void)state;
	clean(base, o, t, want);
	clean(base, t, o, want);
	free(o);
	free(t);
	free(want);
}

static void
different_tasks(void **state)
{
	char *o = subst(base, "  lead: dept-eco\n", "  lead: dept-drc\n");
	char *t = subst(base, "  action: 加快用海报部审查",
	    "  action: 加快用海报部审批");
	char *want = subst(o, "  action: 加快用海报部审查",
	    "  action: 加快用海报部审批");

	(void)state;
	clean(base, o, t, want);
	free(o);
	free(t);
	free(want);
}

#define NOTE2 "      待生态保护红线调整方案获批后报审。\n"

static void
both_progress_notes_survive(void **state)
{
	char *o = subst(base, NOTE2, NOTE2 "  - date: 2025-01-10\n"
	    "    note: 宁波市已补充材料\n");
	char *t = subst(base, NOTE2, NOTE2 "  - date: 2025-01-12\n"
	    "    note: 省生态环境厅已受理\n");
	char *want = subst(base, NOTE2, NOTE2 "  - date: 2025-01-10\n"
	    "    note: 宁波市已补充材料\n  - date: 2025-01-12\n"
	    "    note: 省生态环境厅已受理\n");
	char *want2 = subst(base, NOTE2, NOTE2 "  - date: 2025-01-12\n"
	    "    note: 省生态环境厅已受理\n  - date: 2025-01-10\n"
	    "    note: 宁波市已补充材料\n");

	(void)state;
	clean(base, o, t, want);
	clean(base, t, o, want2);
	/* the same note on both sides is kept once */
	clean(base, o, o, o);
	free(o);
	free(t);
	free(want);
	free(want2);
}

static void
scalar_lists_merge_as_sets(void **state)
{
	char *o = subst(base, "flags: [cross-level, cross-department]",
	    "flags: [cross-level, cross-department, cross-region]");
	char *t = subst(base, "flags: [cross-level, cross-department]",
	    "flags: [cross-department]");
	char *want = subst(base, "flags: [cross-level, cross-department]",
	    "flags: [cross-region, cross-department]");

	(void)state;
	clean(base, o, t, want);
	free(o);
	free(t);
	free(want);
}

static void
same_change_both_sides(void **state)
{
	char *o = subst(base, "  due: 2024-12-31", "  due: 2025-01-31");

	(void)state;
	clean(base, o, o, o);
	clean(base, base, o, o);
	clean(base, o, base, o);
	free(o);
}

static void
true_conflict_named(void **state)
{
	char *o = subst(base, "  due: 2024-12-31", "  due: 2025-01-31");
	char *t = subst(base, "  due: 2024-12-31", "  due: 2025-02-28");
	struct sf_buf out, line;
	struct sf_conflicts cf;

	(void)state;
	assert_int_equal(merge(base, o, t, NULL, &out, &cf), SF_ECONFLICT);
	assert_int_equal(cf.n, 1);
	assert_string_equal(cf.v[0].file, F);
	assert_string_equal(cf.v[0].key, "tasks[2].due");
	assert_string_equal(cf.v[0].ours, "'2025-01-31'");
	assert_string_equal(cf.v[0].theirs, "'2025-02-28'");
	assert_string_equal(cf.v[0].base, "'2024-12-31'");
	assert_int_equal(out.len, 0);
	sf_buf_init(&line);
	sf_conflict_format(&cf.v[0], &line);
	assert_string_equal(line.buf, F ": tasks[2].due: ours '2025-01-31', "
	    "theirs '2025-02-28' (was '2024-12-31')");
	sf_buf_release(&line);
	sf_buf_release(&out);
	sf_conflicts_clear(&cf);
	free(o);
	free(t);
}

static void
resolutions(void **state)
{
	char *o = subst(base, "  due: 2024-12-31", "  due: 2025-01-31");
	char *t = subst(base, "  due: 2024-12-31", "  due: 2025-02-28");
	char *want = subst(base, "  due: 2024-12-31", "  due: 2025-03-15");
	struct sf_resolution r = { .who = "20241008", .key = "tasks[2].due",
		.side = SF_TAKE_OURS };
	struct sf_resolutions res = { &r, 1 };
	struct sf_buf out;
	struct sf_conflicts cf;

	(void)state;
	assert_int_equal(merge(base, o, t, &res, &out, &cf), 0);
	assert_string_equal(out.buf, o);
	assert_true(r.used);
	sf_buf_release(&out);
	sf_conflicts_clear(&cf);

	r.side = SF_TAKE_THEIRS;
	assert_int_equal(merge(base, o, t, &res, &out, &cf), 0);
	assert_string_equal(out.buf, t);
	sf_buf_release(&out);
	sf_conflicts_clear(&cf);

	r.side = SF_TAKE_VALUE;
	r.value = "2025-03-15";
	assert_int_equal(merge(base, o, t, &res, &out, &cf), 0);
	assert_string_equal(out.buf, want);
	sf_buf_release(&out);
	sf_conflicts_clear(&cf);

	/* a resolution for another key settles nothing */
	r.key = "status";
	r.used = 0;
	assert_int_equal(merge(base, o, t, &res, &out, &cf), SF_ECONFLICT);
	assert_false(r.used);
	sf_buf_release(&out);
	sf_conflicts_clear(&cf);
	free(o);
	free(t);
	free(want);
}

static void
removed_and_changed(void **state)
{
	char *t = subst(base, "  due: 2024-12-31", "  due: 2025-02-28");
	struct sf_buf out;
	struct sf_conflicts cf;

	(void)state;
	assert_int_equal(merge(base, NULL, t, NULL, &out, &cf), SF_ECONFLICT);
	assert_int_equal(cf.n, 1);
	assert_string_equal(cf.v[0].key, "(file)");
	assert_string_equal(cf.v[0].ours, "(removed)");
	assert_string_equal(cf.v[0].theirs, "(changed)");
	sf_buf_release(&out);
	sf_conflicts_clear(&cf);
	/* removed on one side, unchanged on the other: removed */
	assert_int_equal(merge(base, NULL, base, NULL, &out, &cf), 1);
	sf_buf_release(&out);
	sf_conflicts_clear(&cf);
	free(t);
}

static void
added_on_both_sides(void **state)
{
	char *t = subst(base, "contact: 宁波市发改委 王敏 0574-8918xxxx",
	    "contact: 宁波市发改委 李强 0574-8918xxxx");
	struct sf_buf out;
	struct sf_conflicts cf;

	(void)state;
	clean(NULL, base, base, base);
	assert_int_equal(merge(NULL, base, t, NULL, &out, &cf), SF_ECONFLICT);
	assert_int_equal(cf.n, 1);
	assert_string_equal(cf.v[0].key, "contact");
	assert_string_equal(cf.v[0].base, "(absent)");
	sf_buf_release(&out);
	sf_conflicts_clear(&cf);
	free(t);
}

static void
merged_file_must_be_valid(void **state)
{
	/* each side is valid alone: ours makes it a city's issue (the city
	 * is set), theirs drops the city (a state-owned firm's issue needs
	 * none); together, a city issue without a city */
	char *o = subst(base, "subject: soe\n", "subject: city\n");
	char *t = subst(base, "city: ningbo\n", "");
	struct sf_buf out;
	struct sf_conflicts cf;

	(void)state;
	assert_int_equal(merge(base, o, o, NULL, &out, &cf), 0);
	sf_buf_release(&out);
	sf_conflicts_clear(&cf);
	assert_int_equal(merge(base, t, t, NULL, &out, &cf), 0);
	sf_buf_release(&out);
	sf_conflicts_clear(&cf);
	assert_int_equal(merge(base, o, t, NULL, &out, &cf), SF_ECONFLICT);
	assert_int_equal(cf.n, 1);
	assert_string_equal(cf.v[0].key, "(merged file)");
	assert_non_null(strstr(cf.v[0].theirs, "city"));
	assert_int_equal(out.len, 0);
	sf_buf_release(&out);
	sf_conflicts_clear(&cf);
	free(o);
	free(t);
}

static void
unreadable_side(void **state)
{
	struct sf_buf out;
	struct sf_conflicts cf;

	char *o = subst(base, "  due: 2024-12-31", "  due: 2025-01-31");

	(void)state;
	assert_int_equal(merge(base, o, "a: [\n", NULL, &out, &cf),
	    SF_EINVALID);
	assert_non_null(strstr(sf_error_message(), "theirs"));
	sf_buf_release(&out);
	sf_conflicts_clear(&cf);
	/* one side alone changed: its bytes as they are, comments too */
	assert_int_equal(merge(base, base, "# a note\na: [\n", NULL, &out,
	    &cf), 0);
	assert_string_equal(out.buf, "# a note\na: [\n");
	sf_buf_release(&out);
	sf_conflicts_clear(&cf);
	free(o);
}

/* Found by fuzzing: a file edited by hand numbers two tasks alike; one
 * side renumbers one of them, both change the other's due date. Items
 * that share an identity cannot be told apart, so the list is in
 * conflict, the same either way round (it was clean one way). */
static void
repeated_identities_conflict_both_ways(void **state)
{
	struct sf_buf out;
	struct sf_conflicts cf;
	char *b = subst(base, "- 'no': 1", "- 'no': 2");
	char *o = subst(b, "  due: 2024-12-31", "  due: 2025-01-31");
	char *t1 = subst(b, "- 'no': 2", "- 'no': 1");
	char *t = subst(t1, "  due: 2024-12-31", "  due: 2025-02-28");

	(void)state;
	assert_int_equal(merge(b, o, t, NULL, &out, &cf), SF_ECONFLICT);
	assert_int_equal(cf.n, 1);
	assert_string_equal(cf.v[0].key, "tasks");
	sf_buf_release(&out);
	sf_conflicts_clear(&cf);
	assert_int_equal(merge(b, t, o, NULL, &out, &cf), SF_ECONFLICT);
	assert_int_equal(cf.n, 1);
	assert_string_equal(cf.v[0].key, "tasks");
	sf_buf_release(&out);
	sf_conflicts_clear(&cf);
	free(b);
	free(o);
	free(t1);
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(different_fields),
		cmocka_unit_test(different_tasks),
		cmocka_unit_test(both_progress_notes_survive),
		cmocka_unit_test(scalar_lists_merge_as_sets),
		cmocka_unit_test(same_change_both_sides),
		cmocka_unit_test(true_conflict_named),
		cmocka_unit_test(resolutions),
		cmocka_unit_test(removed_and_changed),
		cmocka_unit_test(added_on_both_sides),
		cmocka_unit_test(merged_file_must_be_valid),
		cmocka_unit_test(unreadable_side),
		cmocka_unit_test(repeated_identities_conflict_both_ways),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
