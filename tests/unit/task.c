/* Unit tests: lib/task.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "enums.h"
#include "error.h"
#include "reader.h"
#include "task.h"
#include "units.h"
#include "yamlio.h"

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

/* An issue's task: every key, read, written back byte for byte. */
static void
test_round_trip(void **state)
{
	static const char text[] =
	    "'no': 2\n"
	    "action: 加快报部审查\n"
	    "lead: dept-nr\n"
	    "support: [ningbo, dept-drc]\n"
	    "due: 2024-11-30\n"
	    "status: done\n"
	    "done: 2024-11-20\n"
	    "progress:\n"
	    "- date: 2024-10-25\n"
	    "  note: 已报自然资源部。\n"
	    "- date: 2024-11-20\n"
	    "  note: 已获批复。\n"
	    "supervision:\n"
	    "- date: 2024-11-05\n"
	    "  note: 专班督办。\n";
	struct sf_arena *a = sf_arena_new();
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_rd_pos *pos = NULL;
	struct sf_rd r = { .file = "t.yaml", .d = &d, .a = a, .pos = &pos };
	const struct sf_rd_pos *p;
	struct sf_node *root;
	struct sf_task t;
	struct sf_buf out = SF_BUF_INIT;

	sf_diags_init(&d);
	assert_int_equal(sf_yaml_load(a, "t.yaml", text, strlen(text),
	    &sf_yaml_issue_limits, 0, &root), 0);
	sf_task_read(&r, root, "tasks[1]", units, 1, &t);
	assert_int_equal(d.n, 0);
	assert_int_equal(t.no, 2);
	assert_string_equal(t.action, "加快报部审查");
	assert_string_equal(t.lead, "dept-nr");
	assert_int_equal(t.nsupport, 2);
	assert_string_equal(t.support[0], "ningbo");
	assert_string_equal(t.due, "2024-11-30");
	assert_int_equal(t.status, SF_TASK_DONE);
	assert_string_equal(t.done, "2024-11-20");
	assert_int_equal(t.nprogress, 2);
	assert_string_equal(t.progress[1].date, "2024-11-20");
	assert_string_equal(t.progress[1].note, "已获批复。");
	assert_int_equal(t.nsupervision, 1);
	assert_string_equal(t.supervision[0].note, "专班督办。");
	/* where each value was, for the issue's validation */
	for (p = pos; p && strcmp(p->path, "tasks[1].progress[2].note");
	    p = p->next)
		;
	assert_non_null(p);
	assert_int_equal(p->line, 12);
	assert_int_equal(p->col, 9);
	assert_int_equal(p->key_line, 12);
	assert_int_equal(p->key_col, 3);
	assert_int_equal(sf_yaml_emit(sf_task_to_node(&t, a, 1), &out), 0);
	assert_string_equal(out.buf, text);
	sf_buf_release(&out);
	sf_diags_clear(&d);
	sf_arena_free(a);
}

/* A meeting's agenda item: no status, progress or supervision. */
static void
test_agenda_item(void **state)
{
	static const char text[] =
	    "tasks:\n"
	    "- action: 加快审查\n"
	    "  lead: 省自然资源厅\n"
	    "  support: [宁波, 省发改委]\n"
	    "  due: 2024-11-30\n"
	    "  status: open\n";
	struct sf_arena *a = sf_arena_new();
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_rd r = { .file = "m.yaml", .d = &d, .a = a };
	struct sf_node *root, *n;
	struct sf_task t;
	struct sf_buf out = SF_BUF_INIT;
	char *s;

	sf_diags_init(&d);
	assert_int_equal(sf_yaml_load(a, "m.yaml", text, strlen(text),
	    &sf_yaml_meeting_limits, 0, &root), 0);
	sf_task_read(&r, sf_node_get(root, "tasks")->kids[0], "tasks[1]",
	    units, 0, &t);
	/* an agenda item's task has no status */
	assert_int_equal(d.n, 1);
	s = sf_diag_string(&d.v[0]);
	assert_string_equal(s, "m.yaml:6:3: tasks[1]: unknown key 'status'");
	free(s);
	assert_int_equal(t.no, 0);
	assert_string_equal(t.lead, "dept-nr");
	assert_int_equal(t.nsupport, 2);
	assert_string_equal(t.support[1], "dept-drc");
	t.no = 3;
	n = sf_task_to_node(&t, a, 0);
	assert_int_equal(sf_yaml_emit(n, &out), 0);
	assert_string_equal(out.buf, "'no': 3\naction: 加快审查\n"
	    "lead: dept-nr\n"
	    "support: [ningbo, dept-drc]\ndue: 2024-11-30\n");
	sf_buf_reset(&out);
	sf_json_emit(sf_task_to_node(&t, a, 1), &out, 0);
	assert_string_equal(out.buf, "{\"no\":3,\"action\":\"加快审查\","
	    "\"lead\":\"dept-nr\",\"support\":[\"ningbo\",\"dept-drc\"],"
	    "\"due\":\"2024-11-30\",\"status\":\"open\"}");
	sf_buf_release(&out);
	sf_diags_clear(&d);
	sf_arena_free(a);
}

/* Values are checked where they are read, each at its place. */
static void
test_findings(void **state)
{
	static const char text[] =
	    "'no': 0\n"
	    "action: 2024\n"
	    "lead: 无此单位\n"
	    "support: [ningbo, 宁波]\n"
	    "due: 2024-02-30\n"
	    "status: half\n"
	    "progress:\n"
	    "- \n";
	static const char *const want[] = {
		"t.yaml:1:7: tasks[1].no: must be a whole number from 1 to "
		    "999",
		"t.yaml:2:9: tasks[1].action: '2024' is not text: write it "
		    "in quotes",
		"t.yaml:3:7: tasks[1].lead: unknown unit '无此单位'",
		"t.yaml:4:19: tasks[1].support[2]: unit 'ningbo' is listed "
		    "twice",
		"t.yaml:5:6: tasks[1].due: invalid date '2024-02-30' "
		    "(expected YYYY-MM-DD)",
		"t.yaml:6:9: tasks[1].status: unknown task status 'half' "
		    "(expected open, done)",
		"t.yaml:8:2: tasks[1].progress[1]: empty entry",
	};
	struct sf_arena *a = sf_arena_new();
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_rd r = { .file = "t.yaml", .d = &d, .a = a };
	struct sf_node *root;
	struct sf_task t;
	size_t i;
	char *s;

	sf_diags_init(&d);
	assert_int_equal(sf_yaml_load(a, "t.yaml", text, strlen(text),
	    &sf_yaml_issue_limits, 0, &root), 0);
	sf_task_read(&r, root, "tasks[1]", units, 1, &t);
	for (i = 0; i < d.n && i < sizeof(want) / sizeof(want[0]); i++) {
		s = sf_diag_string(&d.v[i]);
		assert_string_equal(s, want[i]);
		free(s);
	}
	assert_int_equal(d.n, sizeof(want) / sizeof(want[0]));
	assert_int_equal(t.no, 0);
	assert_null(t.action);
	assert_null(t.lead);
	assert_int_equal(t.nsupport, 1);
	assert_int_equal(t.status, SF_TASK_OPEN);
	assert_int_equal(t.nprogress, 0);
	sf_diags_clear(&d);
	sf_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_agenda_item),
		cmocka_unit_test(test_findings),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
