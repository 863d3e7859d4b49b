/* Unit tests: lib/issue.c (and lib/reader.c through it) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "enums.h"
#include "error.h"
#include "issue.h"
#include "lifecycle.h"
#include "reader.h"
#include "units.h"
#include "yamlio.h"

#define F "issues/2024/10/20241008-k3f9qa.yaml"

/* A complete, valid, freshly submitted issue: line numbers matter below. */
#define BASE \
	"id: 20241008-k3f9qa\n"			/* 1 */ \
	"title: 宁波舟山港某码头工程用海审批\n"	/* 2 */ \
	"submitted: 2024-10-08\n"		/* 3 */ \
	"submitter: ningbo\n"			/* 4 */ \
	"subject: soe\n"			/* 5 */ \
	"city: ningbo\n"			/* 6 */ \
	"program: major-5\n"			/* 7 */ \
	"topic: approval\n"			/* 8 */ \
	"jurisdiction: national\n"		/* 9 */ \
	"tried: [county, city]\n"		/* 10 */ \
	"source: unit\n"			/* 11 */ \
	"material:\n"				/* 12 */ \
	"  background: 项目情况。\n"		/* 13 */ \
	"  problem: 存在问题。\n"		/* 14 */ \
	"  prior: 前期协调。\n"			/* 15 */ \
	"  request: 诉求建议。\n"		/* 16 */ \
	"status: submitted\n"			/* 17 */

/* BASE coordinated at a meeting, with one task, from line 17 on */
#define COORD_HEAD \
	"status: coordinated\n"			/* 17 */ \
	"meeting: 2024-10-15-monthly\n"		/* 18 */ \
	"decision: 加快报部审查。\n"		/* 19 */ \
	"tasks:\n"				/* 20 */

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
data_path(const char *name)
{
	const char *build = getenv("SANFEN_BUILD");
	struct sf_buf b = SF_BUF_INIT;

	sf_buf_addf(&b, "%s/tests/unit/data/issue/%s", build ? build : ".",
	    name);
	return sf_buf_detach(&b, NULL);
}

static char *
read_data(const char *name)
{
	struct sf_buf in = SF_BUF_INIT;
	char *path = data_path(name);

	if (sf_buf_read_file(&in, path, 1 << 20) < 0)
		fail_msg("cannot read %s", path);
	free(path);
	return sf_buf_detach(&in, NULL);
}

/* text with the first old replaced by new (malloc'd) */
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

static struct sf_issue *
parse_ok(const char *file, const char *text, const struct sf_units *u,
    enum sf_issue_mode mode)
{
	struct sf_issue *is = NULL;

	if (sf_issue_parse(file, text, strlen(text), u, mode, &is) < 0)
		fail_msg("%s: %s", file, sf_error_message());
	assert_non_null(is);
	return is;
}

static char *
emit(const struct sf_issue *is)
{
	struct sf_buf out = SF_BUF_INIT;

	assert_int_equal(sf_issue_emit(is, &out), 0);
	return sf_buf_detach(&out, NULL);
}

static void
round_trip(const char *name)
{
	char *in = read_data(name), *out, *again;
	struct sf_issue *is = parse_ok(name, in, units, SF_ISSUE_FULL), *is2;

	out = emit(is);
	if (strcmp(out, in) != 0)
		fail_msg("%s: emitted\n%s", name, out);
	/* and again from what was written, without a registry */
	is2 = parse_ok(name, out, NULL, SF_ISSUE_FULL);
	again = emit(is2);
	assert_string_equal(again, in);
	sf_issue_free(is);
	sf_issue_free(is2);
	free(in);
	free(out);
	free(again);
}

static void
test_round_trips(void **state)
{
	round_trip("submitted.yaml");
	round_trip("returned.yaml");
	round_trip("scheduled.yaml");
	round_trip("rejected.yaml");
	round_trip("coordinated.yaml");
	round_trip("escalated.yaml");
	round_trip("closed.yaml");
	round_trip("closed-national.yaml");
	round_trip("withdrawn.yaml");
}

static void
test_fields(void **state)
{
	char *in = read_data("coordinated.yaml");
	struct sf_issue *is = parse_ok(F, in, units, SF_ISSUE_FULL);
	const struct sf_task *t;

	assert_string_equal(is->id, "20241008-k3f9qa");
	assert_string_equal(is->submitted, "2024-10-08");
	assert_string_equal(is->submitter, "ningbo");
	assert_string_equal(is->contact, "宁波市发改委 王敏 0574-8918xxxx");
	assert_int_equal(is->subject, SF_SUBJ_SOE);
	assert_int_equal(is->city, SF_CITY_NINGBO);
	assert_int_equal(is->program, SF_PROG_MAJOR_1 + 4);
	assert_int_equal(is->topic, SF_TOPIC_APPROVAL);
	assert_int_equal(is->jurisdiction, SF_LEVEL_NATIONAL);
	assert_int_equal(is->tried, 1u << SF_LEVEL_COUNTY |
	    1u << SF_LEVEL_CITY);
	assert_int_equal(is->source, SF_SRC_UNIT);
	assert_int_equal(is->flags, 1u << SF_FLAG_CROSS_LEVEL |
	    1u << SF_FLAG_CROSS_DEPARTMENT);
	assert_string_equal(is->material[SF_MAT_PRIOR],
	    "北仑区、宁波市已召开三次专题协调会，"
	    "市自然资源和规划局已完成初审；\n"
	    "省自然资源厅已组织专家预审。\n");
	assert_int_equal(is->status, SF_ST_COORDINATED);
	assert_non_null(is->screening);
	assert_string_equal(is->screening->date, "2024-10-09");
	assert_string_equal(is->screening->by, "tf-drc");
	assert_int_equal(is->screening->exclusions, 0);
	assert_int_equal(is->screening->priorities, 1u << SF_PRI_CROSS);
	assert_int_equal(is->screening->score, 2);
	assert_int_equal(is->screening->nsimilar, 1);
	assert_string_equal(is->screening->similar[0].id, "20240912-aaaaaa");
	assert_true(is->screening->similar[0].score > 0.6399 &&
	    is->screening->similar[0].score < 0.6401);
	assert_string_equal(is->meeting, "2024-10-15-monthly");
	assert_int_equal(is->ntasks, 2);
	t = &is->tasks[0];
	assert_int_equal(t->no, 1);
	assert_string_equal(t->lead, "dept-nr");
	assert_int_equal(t->nsupport, 1);
	assert_string_equal(t->support[0], "ningbo");
	assert_string_equal(t->due, "2024-11-30");
	assert_int_equal(t->status, SF_TASK_DONE);
	assert_string_equal(t->done, "2024-11-20");
	assert_int_equal(t->nprogress, 2);
	assert_string_equal(t->progress[1].date, "2024-11-20");
	assert_string_equal(t->progress[1].note, "已获批复");
	assert_int_equal(t->nsupervision, 0);
	t = &is->tasks[1];
	assert_int_equal(t->no, 2);
	assert_int_equal(t->status, SF_TASK_OPEN);
	assert_null(t->done);
	assert_int_equal(t->nsupport, 2);
	assert_string_equal(t->support[1], "dept-transport");
	assert_int_equal(t->nsupervision, 1);
	assert_string_equal(t->supervision[0].note, "逾期5天，已督办");
	assert_null(is->escalation);
	assert_null(is->closure);
	assert_null(is->withdrawal);
	sf_issue_free(is);
	free(in);

	in = read_data("closed-national.yaml");
	is = parse_ok("closed-national.yaml", in, units, SF_ISSUE_FULL);
	assert_int_equal(is->escalation->to, SF_ESC_LEADER);
	assert_string_equal(is->escalation->date, "2024-09-10");
	assert_int_equal(is->closure->reason, SF_RS_NATIONAL);
	assert_string_equal(is->closure->date, "2024-12-01");
	assert_int_equal(is->tried, 7);
	sf_issue_free(is);
	free(in);

	in = read_data("returned.yaml");
	is = parse_ok("returned.yaml", in, units, SF_ISSUE_FULL);
	assert_null(is->material[SF_MAT_PROBLEM]);
	assert_int_equal(is->screening->missing, 1u << SF_MAT_PROBLEM);
	assert_int_equal(is->tried, 0);
	assert_int_equal(is->flags, 0);
	assert_null(is->contact);
	sf_issue_free(is);
	free(in);

	in = read_data("withdrawn.yaml");
	is = parse_ok("withdrawn.yaml", in, units, SF_ISSUE_FULL);
	assert_int_equal(is->city, -1);
	assert_int_equal(is->status, SF_ST_WITHDRAWN);
	assert_string_equal(is->withdrawal->date, "2024-10-20");
	sf_issue_free(is);
	free(in);
}

/* A submission in Chinese names: stored as tokens, lists in table order. */
static void
test_chinese_names_become_tokens(void **state)
{
	static const char text[] =
	    "title: 杭州某算力中心项目能耗指标保障\n"
	    "submitter: 杭州市人民政府\n"
	    "subject: 民企\n"
	    "city: 杭州\n"
	    "program: 数字经济一号工程\n"
	    "topic: 要素保障\n"
	    "jurisdiction: 省级\n"
	    "tried: [市级, 县级]\n"
	    "source: 领导交办\n"
	    "flags: [典型性, 跨部门]\n"
	    "material: {background: a, problem: b, prior: c, request: d}\n";
	struct sf_issue *is = parse_ok("s.yaml", text, units,
	    SF_ISSUE_SUBMISSION);
	char *out;

	is->id = "20241008-abcdef";
	is->submitted = "2024-10-08";
	out = emit(is);
	assert_string_equal(out,
	    "id: 20241008-abcdef\n"
	    "title: 杭州某算力中心项目能耗指标保障\n"
	    "submitted: 2024-10-08\n"
	    "submitter: hangzhou\n"
	    "subject: private\n"
	    "city: hangzhou\n"
	    "program: no1-digital\n"
	    "topic: factors\n"
	    "jurisdiction: province\n"
	    "tried: [county, city]\n"
	    "source: leader\n"
	    "flags: [cross-department, typical]\n"
	    "material:\n"
	    "  background: a\n"
	    "  problem: b\n"
	    "  prior: c\n"
	    "  request: d\n"
	    "status: submitted\n");
	free(out);
	sf_issue_free(is);
}

/* A whole stored file in Chinese names and aliases reads as the tokens. */
static void
test_aliases_in_a_stored_file(void **state)
{
	static const char text[] =
	    "id: 20241008-k3f9qa\n"
	    "title: 宁波某码头用海审批\n"
	    "submitted: 2024-10-08\n"
	    "submitter: 宁波市人民政府\n"
	    "subject: 国企\n"
	    "city: 宁波市\n"
	    "program: 千项万亿\n"
	    "topic: 要素保障\n"
	    "jurisdiction: 国家级\n"
	    "tried: [市, 县]\n"
	    "source: 督查发现\n"
	    "flags: [典型, 跨区域]\n"
	    "material:\n"
	    "  background: a\n  problem: b\n  prior: c\n  request: d\n"
	    "status: 已销号\n"
	    "screening:\n"
	    "  date: '2024-10-09'\n"
	    "  by: 大发改专班\n"
	    "  exclusions: []\n"
	    "  priorities: [典型, 督查发现]\n"
	    "  score: 5\n"
	    "meeting: 2024-10-15-monthly\n"
	    "decision: d\n"
	    "tasks:\n"
	    "- no: 1\n"
	    "  action: x\n"
	    "  lead: 省自然资源厅\n"
	    "  support: [宁波, 省发改委]\n"
	    "  due: 2024-11-30\n"
	    "  status: 已完成\n"
	    "  done: \"2024-11-20\"\n"
	    "closure:\n"
	    "  date: 2024-12-01\n"
	    "  reason: 已解决\n";
	struct sf_issue *is = parse_ok(F, text, units, SF_ISSUE_FULL);
	char *out = emit(is);

	assert_string_equal(out,
	    "id: 20241008-k3f9qa\n"
	    "title: 宁波某码头用海审批\n"
	    "submitted: 2024-10-08\n"
	    "submitter: ningbo\n"
	    "subject: soe\n"
	    "city: ningbo\n"
	    "program: major-1\n"
	    "topic: factors\n"
	    "jurisdiction: national\n"
	    "tried: [county, city]\n"
	    "source: inspection\n"
	    "flags: [cross-region, typical]\n"
	    "material:\n"
	    "  background: a\n  problem: b\n  prior: c\n  request: d\n"
	    "status: closed\n"
	    "screening:\n"
	    "  date: 2024-10-09\n"
	    "  by: tf-drc\n"
	    "  priorities: [inspection, typical]\n"
	    "  score: 5\n"
	    "meeting: 2024-10-15-monthly\n"
	    "decision: d\n"
	    "tasks:\n"
	    "- 'no': 1\n"
	    "  action: x\n"
	    "  lead: dept-nr\n"
	    "  support: [ningbo, dept-drc]\n"
	    "  due: 2024-11-30\n"
	    "  status: done\n"
	    "  done: 2024-11-20\n"
	    "closure:\n"
	    "  date: 2024-12-01\n"
	    "  reason: resolved\n");
	free(out);
	sf_issue_free(is);
}

/* Keys written with no value are unset; source falls back to unit. */
static void
test_empty_values(void **state)
{
	char *t1 = subst(BASE, "city: ningbo\n", "city: ~\n");
	char *text = subst(t1, "source: unit\n",
	    "contact:\nsource: null\nflags: []\n");
	struct sf_issue *is = parse_ok(F, text, units, SF_ISSUE_FULL);
	char *out = emit(is);

	assert_null(is->contact);
	assert_int_equal(is->city, -1);
	assert_int_equal(is->source, SF_SRC_UNIT);
	assert_int_equal(is->flags, 0);
	assert_string_equal(out, "id: 20241008-k3f9qa\n"
	    "title: 宁波舟山港某码头工程用海审批\n"
	    "submitted: 2024-10-08\n"
	    "submitter: ningbo\n"
	    "subject: soe\n"
	    "program: major-5\n"
	    "topic: approval\n"
	    "jurisdiction: national\n"
	    "tried: [county, city]\n"
	    "source: unit\n"
	    "material:\n"
	    "  background: 项目情况。\n"
	    "  problem: 存在问题。\n"
	    "  prior: 前期协调。\n"
	    "  request: 诉求建议。\n"
	    "status: submitted\n");
	free(out);
	sf_issue_free(is);
	free(text);
	free(t1);
	/* an empty quoted string is no value either; tried [] is written */
	text = subst(BASE, "tried: [county, city]\nsource: unit\n",
	    "contact: ''\ntried: []\n");
	is = parse_ok(F, text, units, SF_ISSUE_FULL);
	assert_null(is->contact);
	out = emit(is);
	assert_non_null(strstr(out, "jurisdiction: national\ntried: []\n"
	    "source: unit\nmaterial:\n"));
	free(out);
	sf_issue_free(is);
	free(text);
}

/* Every finding for text, one per line as sanfen-check prints them:
 * sf_issue_from_node, then (when it found nothing) sf_issue_validate. */
static char *
findings(const char *file, const char *text, const struct sf_units *u,
    enum sf_issue_mode mode)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_buf out = SF_BUF_INIT;
	struct sf_issue *is = sf_issue_new();
	struct sf_node *root;
	size_t i;

	sf_diags_init(&d);
	if (sf_yaml_load(a, file, text, strlen(text), &sf_yaml_issue_limits,
	    0, &root) < 0)
		fail_msg("%s", sf_error_message());
	if (sf_issue_from_node(is, file, root, u, mode, &d) == 0)
		sf_issue_validate(is, file, mode, &d);
	for (i = 0; i < d.n; i++) {
		char *s = sf_diag_string(&d.v[i]);

		sf_buf_addf(&out, "%s\n", s);
		free(s);
	}
	sf_diags_clear(&d);
	sf_issue_free(is);
	sf_arena_free(a);
	return sf_buf_detach(&out, NULL);
}

static void
all_in(const char *file, const char *text, enum sf_issue_mode mode,
    const char *want)
{
	char *got = findings(file, text, units, mode);

	if (strcmp(got, want) != 0) {
		/* whole, as cmocka cuts long messages short */
		fprintf(stderr, "got:\n%swant:\n%s", got, want);
		fail();
	}
	free(got);
}

#define all(text, want) all_in(F, text, SF_ISSUE_FULL, want)

/* all() on BASE with old replaced by new */
static void
all_with(const char *old, const char *new, const char *want)
{
	char *text = subst(BASE, old, new);

	all(text, want);
	free(text);
}

/* sf_issue_parse refuses text with exactly this last error */
static void
refused(const char *text, enum sf_issue_mode mode, const char *want)
{
	struct sf_issue *is = (struct sf_issue *)&is;

	assert_int_equal(sf_issue_parse(F, text, strlen(text), units, mode,
	    &is), SF_EINVALID);
	assert_null(is);
	if (strcmp(sf_error_message(), want) != 0)
		fail_msg("got:  %s\nwant: %s", sf_error_message(), want);
}

static void
test_findings_of_values(void **state)
{
	all(BASE, "");
	all(BASE "colour: red\n", F ":18:1: unknown key 'colour'\n");
	all(BASE "history: []\n",
	    F ":18:1: history is not stored: it is git's (see sanfen-log)\n");
	all_with("subject: soe", "subject: 外企",
	    F ":5:10: subject: unknown subject '外企' (expected soe, private, "
	    "city, other)\n");
	all_with("city: ningbo", "city: shanghai",
	    F ":6:7: city: unknown city 'shanghai' (expected hangzhou, "
	    "ningbo, wenzhou, huzhou, jiaxing, shaoxing, jinhua, quzhou, "
	    "zhoushan, taizhou, lishui)\n");
	all_with("program: major-5", "program: major-11",
	    F ":7:10: program: unknown program 'major-11' (expected "
	    "no1-digital, no1-reform, no1-opening, major-1, major-2, major-3, "
	    "major-4, major-5, major-6, major-7, major-8, major-9, major-10, "
	    "other)\n");
	all_with("submitted: 2024-10-08", "submitted: 2024-02-30",
	    F ":3:12: submitted: invalid date '2024-02-30' (expected "
	    "YYYY-MM-DD)\n");
	all_with("submitted: 2024-10-08", "submitted: 2024/10/08",
	    F ":3:12: submitted: invalid date '2024/10/08' (expected "
	    "YYYY-MM-DD)\n");
	all_with("submitter: ningbo", "submitter: 上海市人民政府",
	    F ":4:12: submitter: unknown unit '上海市人民政府'\n");
	all_with("submitter: ningbo", "submitter: [ningbo]",
	    F ":4:12: submitter: expected a unit, not a list\n");
	all_with("title: 宁波舟山港某码头工程用海审批",
	    "title: \"第一行\\n第二行\"",
	    F ":2:8: title: must be one line\n");
	all_with("title: 宁波舟山港某码头工程用海审批", "title: |\n  a\n  b",
	    F ":2:8: title: must be one line\n");
	all_with("title: 宁波舟山港某码头工程用海审批", "title: 2024",
	    F ":2:8: title: '2024' is not text: write it in quotes\n");
	all_with("title: 宁波舟山港某码头工程用海审批", "title: {a: b}",
	    F ":2:8: title: expected text, not a mapping\n");
	all_with("source: unit\n", "contact: 13800000000\n",
	    F ":11:10: contact: '13800000000' is not text: write it in "
	    "quotes\n");
	all_with("tried: [county, city]", "tried: county",
	    F ":10:8: tried: expected a list\n");
	all_with("tried: [county, city]", "tried: [county, 县级, moon, ~]",
	    F ":10:17: tried[2]: level 'county' is listed twice\n"
	    F ":10:21: tried[3]: unknown level 'moon' (expected county, city, "
	    "province, national)\n"
	    F ":10:27: tried[4]: empty level\n");
	all_with("material:\n", "material:\n  summary: x\n",
	    F ":13:3: material: unknown key 'summary'\n");
	all_with("material:\n  background: 项目情况。\n  problem: 存在问题。\n"
	    "  prior: 前期协调。\n  request: 诉求建议。\n", "material: [a]\n",
	    F ":12:11: material: expected a mapping of keys to values\n");
	all(BASE "meeting: 2024-10-15-weekly\n",
	    F ":18:10: meeting: malformed meeting id '2024-10-15-weekly' "
	    "(expected YYYY-MM-DD-kind)\n");
	all(BASE "screening:\n  date: 2024-10-09\n  by: tf-drc\n"
	    "  score: '3'\n  similar:\n  - {id: x, score: 1.5}\n  - ~\n"
	    "  missing: [problem, 存在问题]\n",
	    F ":21:10: screening.score: must be a whole number from -100000 "
	    "to 100000\n"
	    F ":23:10: screening.similar[1].id: malformed issue id 'x'\n"
	    F ":23:20: screening.similar[1].score: must be a number between "
	    "0 and 1\n"
	    F ":24:5: screening.similar[2]: empty entry\n"
	    F ":25:22: screening.missing[2]: material 'problem' is listed "
	    "twice\n");
	all(BASE "tasks:\n- no: 1\n  action: a\n  lead: 上海\n"
	    "  support: [宁波, ningbo]\n  due: 2024-11-31\n  status: half\n"
	    "  progress: x\n  review: y\n",
	    F ":26:3: tasks[1]: unknown key 'review'\n"
	    F ":21:9: tasks[1].lead: unknown unit '上海'\n"
	    F ":22:17: tasks[1].support[2]: unit 'ningbo' is listed twice\n"
	    F ":23:8: tasks[1].due: invalid date '2024-11-31' (expected "
	    "YYYY-MM-DD)\n"
	    F ":24:11: tasks[1].status: unknown task status 'half' "
	    "(expected open, done)\n"
	    F ":25:13: tasks[1].progress: expected a list\n");
	all(BASE "escalation: {to: 省长, date: 2024-11-01}\n",
	    F ":18:18: escalation.to: unknown to '省长' (expected leader, "
	    "special-meeting)\n");
	all(BASE "closure: {date: 2024-11-01, reason: done}\n",
	    F ":18:37: closure.reason: unknown reason 'done' (expected "
	    "resolved, national, regulation, reality, infeasible)\n");
}

static void
test_findings_of_rules(void **state)
{
	/* required keys: where the key was left empty, else the file */
	all_with("title: 宁波舟山港某码头工程用海审批", "title:",
	    F ":2:7: title: required (议题名称)\n");
	all_with("title: 宁波舟山港某码头工程用海审批", "title: '　 '",
	    F ":2:8: title: required (议题名称)\n");
	all_with("submitter: ningbo\nsubject: soe\n", "",
	    F ": submitter: required (提交单位)\n"
	    F ": subject: required\n");
	all_with("status: submitted\n", "",
	    F ": status: required\n");
	all("title: t\n",
	    F ": id: required\n"
	    F ": submitted: required\n"
	    F ": submitter: required (提交单位)\n"
	    F ": subject: required\n"
	    F ": program: required\n"
	    F ": topic: required\n"
	    F ": jurisdiction: required\n"
	    F ": status: required\n");
	all_with("subject: soe\ncity: ningbo\n", "subject: city\n",
	    F ":5:10: city: required when subject is city\n");
	/* ids: well formed, and the file's name */
	all_with("id: 20241008-k3f9qa", "id: 20241008-zzzzzz",
	    F ":1:5: id: '20241008-zzzzzz' does not match the file name "
	    "20241008-k3f9qa.yaml\n");
	all_with("id: 20241008-k3f9qa", "id: 20241008-K3F9QA",
	    F ":1:5: id: malformed issue id '20241008-K3F9QA' (expected "
	    "YYYYMMDD-, then 4 to 16 of 0-9 a-z)\n");
	all_in("x.yaml", BASE, SF_ISSUE_FULL, "");
	/* tasks */
	all_with("status: submitted\n", COORD_HEAD
	    "- {no: 1, action: a, lead: dept-nr, due: 2024-11-30}\n"
	    "- {no: 1, action: b, lead: dept-nr, due: 2024-11-30}\n"
	    "- {action: ' ', status: done}\n"
	    "- {no: 4, action: d, lead: dept-nr, due: 2024-11-30, "
	    "done: 2024-11-02}\n"
	    "- no: 5\n  action: e\n  lead: dept-nr\n  due: 2024-11-30\n"
	    "  supervision:\n  - {note: 已督办}\n  - date: 2024-12-02\n"
	    "    note:\n",
	    F ":22:8: tasks[2].no: 1 is also the number of tasks[1]\n"
	    F ":23:3: tasks[3].no: required (序号)\n"
	    F ":23:12: tasks[3].action: required (议定事项)\n"
	    F ":23:3: tasks[3].lead: required (牵头单位)\n"
	    F ":23:3: tasks[3].due: required (完成时限)\n"
	    F ":23:25: tasks[3].done: required when status is done\n"
	    F ":24:60: tasks[4].done: a done date, but status is open\n"
	    F ":30:5: tasks[5].supervision[1].date: required\n"
	    F ":32:10: tasks[5].supervision[2].note: required\n");
	/* closure, Art. 13 */
	all_with("status: submitted\n", COORD_HEAD
	    "- {no: 1, action: a, lead: dept-nr, due: 2024-11-30, "
	    "status: open}\n"
	    "closure:\n  date: 2024-12-01\n  reason: resolved\n",
	    F ":24:11: closure.reason: resolved, but task 1 is not done "
	    "(Art. 13)\n"
	    F ":22:1: closure: only a closed issue has a closure (status is "
	    "coordinated)\n");
	all_with("status: submitted\n", "status: closed\n"
	    "meeting: 2024-10-15-monthly\n"
	    "closure:\n  date: 2024-12-01\n  reason: 难以解决\n"
	    "  note: \"\\u3000\"\n",
	    F ":22:9: closure.note: required when the reason is not resolved "
	    "(Art. 13)\n");
	all_with("status: submitted\n", "status: closed\n"
	    "meeting: 2024-10-15-monthly\nclosure: {}\n",
	    F ":19:1: closure.date: required\n"
	    F ":19:1: closure.reason: required (Art. 13)\n");
	/* what each status requires and rules out */
	all_with("status: submitted", "status: closed",
	    F ":17:9: meeting: required when status is closed\n"
	    F ":17:9: closure: required when status is closed\n");
	all_with("status: submitted", "status: scheduled",
	    F ":17:9: meeting: required when status is scheduled\n");
	all_with("status: submitted", "status: escalated\n"
	    "meeting: 2024-10-15-monthly",
	    F ":17:9: escalation: required when status is escalated\n");
	all_with("status: submitted", "status: withdrawn",
	    F ":17:9: withdrawal: required when status is withdrawn\n");
	all(BASE "decision: x\ntasks:\n- {no: 1, action: a, lead: dept-nr, "
	    "due: 2024-11-30}\nescalation: {to: leader, date: 2024-11-01}\n"
	    "withdrawal: {date: 2024-11-01}\n",
	    F ":22:1: withdrawal.note: required\n"
	    F ":18:1: decision: only a coordinated issue has a decision "
	    "(status is submitted)\n"
	    F ":19:1: tasks: only a coordinated issue has tasks (status is "
	    "submitted)\n"
	    F ":21:1: escalation: only an escalated or closed issue has an "
	    "escalation (status is submitted)\n"
	    F ":22:1: withdrawal: only a withdrawn issue has a withdrawal "
	    "(status is submitted)\n");
	all_with("status: submitted", "status: rejected\n"
	    "screening: {date: 2024-10-09, by: tf-drc, score: 0}",
	    F ":18:1: screening.exclusions: required when status is "
	    "rejected (Art. 8 五个不上会)\n");
	all(BASE "screening: {priorities: [cross], similar: [{id: "
	    "20240912-aaaaaa}]}\n",
	    F ":18:1: screening.date: required\n"
	    F ":18:1: screening.by: required\n"
	    F ":18:44: screening.similar[1].score: required\n");
	/* a stored issue may lack Art. 9 material (screening returns it) */
	all_with("  problem: 存在问题。\n", "  problem: ''\n", "");
}

static void
test_modes(void **state)
{
	char *text, *t1, *t2, *sub;

	/* a submitter gives the keys up to material, no more */
	all_in("new.yaml", "id: 20241008-abcdef\ntitle: t\nstatus: accepted\n"
	    "tasks: []\n", SF_ISSUE_SUBMISSION,
	    "new.yaml:1:1: id: key 'id' is set by sanfen, not by the "
	    "submitter\n"
	    "new.yaml:3:1: status: key 'status' is set by sanfen, not by the "
	    "submitter\n"
	    "new.yaml:4:1: tasks: key 'tasks' is set by sanfen, not by the "
	    "submitter\n");
	/* and must give all of Art. 9, as must a new issue */
	text = subst(BASE, "  prior: 前期协调。\n  request: 诉求建议。\n",
	    "  prior: \"\\t\"\n");
	t1 = subst(text, "id: 20241008-k3f9qa\n", "");
	t2 = subst(t1, "submitted: 2024-10-08\n", "");
	sub = subst(t2, "status: submitted\n", "");
	all_in("new.yaml", sub, SF_ISSUE_SUBMISSION,
	    "new.yaml:13:10: material.prior: required (Art. 9 前期协调情况)\n"
	    "new.yaml:10:1: material.request: required "
	    "(Art. 9 主要诉求建议)\n");
	free(t1);
	free(t2);
	free(sub);
	all_in(F, text, SF_ISSUE_NEW,
	    F ":15:10: material.prior: required (Art. 9 前期协调情况)\n"
	    F ":12:1: material.request: required (Art. 9 主要诉求建议)\n");
	all_in(F, text, SF_ISSUE_FULL, "");
	free(text);
	text = subst(BASE, "material:\n  background: 项目情况。\n"
	    "  problem: 存在问题。\n  prior: 前期协调。\n"
	    "  request: 诉求建议。\n",
	    "");
	all_in(F, text, SF_ISSUE_NEW,
	    F ": material.background: required (Art. 9 项目基本情况)\n"
	    F ": material.problem: required (Art. 9 存在问题困难)\n"
	    F ": material.prior: required (Art. 9 前期协调情况)\n"
	    F ": material.request: required (Art. 9 主要诉求建议)\n");
	free(text);
	/* a submission lacks nothing that flags may still give */
	all_in("new.yaml", "title: t\n", SF_ISSUE_SUBMISSION,
	    "new.yaml: submitter: required (提交单位)\n"
	    "new.yaml: subject: required\n"
	    "new.yaml: program: required\n"
	    "new.yaml: topic: required\n"
	    "new.yaml: jurisdiction: required\n"
	    "new.yaml: material.background: required (Art. 9 项目基本情况)\n"
	    "new.yaml: material.problem: required (Art. 9 存在问题困难)\n"
	    "new.yaml: material.prior: required (Art. 9 前期协调情况)\n"
	    "new.yaml: material.request: required (Art. 9 主要诉求建议)\n");
}

/* The last error of sf_issue_parse: the first finding and a count. */
static void
test_parse_errors(void **state)
{
	refused(BASE "colour: red\n", SF_ISSUE_FULL,
	    F ":18:1: unknown key 'colour'");
	refused(BASE "colour: red\nflavour: sweet\n", SF_ISSUE_FULL,
	    F ":18:1: unknown key 'colour' (and 1 more)");
	refused("title: t\nstatus: accepted\n", SF_ISSUE_SUBMISSION,
	    F ":2:1: status: key 'status' is set by sanfen, not by the "
	    "submitter");
	refused("title: [a\n", SF_ISSUE_FULL,
	    F ":2:1: title: did not find expected ',' or ']'");
	refused("- a\n", SF_ISSUE_FULL,
	    F ":1:1: the document must be a mapping of keys to values");
}

/* Without a registry, unit ids are kept and names refused. */
static void
test_without_units(void **state)
{
	char *text = subst(BASE, "submitter: ningbo", "submitter: tf-x");
	struct sf_issue *is = parse_ok(F, text, NULL, SF_ISSUE_FULL);
	char *got;

	assert_string_equal(is->submitter, "tf-x");
	sf_issue_free(is);
	free(text);
	text = subst(BASE, "submitter: ningbo", "submitter: 宁波");
	got = findings(F, text, NULL, SF_ISSUE_FULL);
	assert_string_equal(got, F ":4:12: submitter: '宁波' is not a unit "
	    "id\n");
	free(got);
	free(text);
}

/* An issue built in memory: findings name the file and key alone. */
static void
test_validate_built(void **state)
{
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_issue *is = sf_issue_new();
	char *s;

	sf_diags_init(&d);
	is->title = "杭州某项目";
	is->submitter = "hangzhou";
	is->subject = SF_SUBJ_CITY;
	is->program = SF_PROG_OTHER;
	is->topic = SF_TOPIC_OTHER;
	is->jurisdiction = SF_LEVEL_PROVINCE;
	is->material[SF_MAT_BACKGROUND] = "a";
	is->material[SF_MAT_PROBLEM] = "\302\240 \343\200\200";
	is->material[SF_MAT_PRIOR] = "c";
	is->material[SF_MAT_REQUEST] = "d";
	assert_int_equal(sf_issue_validate(is, "x.yaml", SF_ISSUE_SUBMISSION,
	    &d), SF_EINVALID);
	assert_int_equal(d.n, 2);
	s = sf_diag_string(&d.v[0]);
	assert_string_equal(s, "x.yaml: city: required when subject is city");
	free(s);
	s = sf_diag_string(&d.v[1]);
	assert_string_equal(s, "x.yaml: material.problem: required (Art. 9 "
	    "存在问题困难)");
	free(s);
	sf_diags_clear(&d);
	is->city = SF_CITY_HANGZHOU;
	is->material[SF_MAT_PROBLEM] = "b";
	assert_int_equal(sf_issue_validate(is, "x.yaml", SF_ISSUE_SUBMISSION,
	    &d), 0);
	is->title = "a\nb";
	is->id = "20241008-abcdef";
	is->submitted = "2024-10-08";
	assert_int_equal(sf_issue_validate(is, F, SF_ISSUE_NEW, &d),
	    SF_EINVALID);
	assert_int_equal(d.n, 2);
	s = sf_diag_string(&d.v[0]);
	assert_string_equal(s, F ": id: '20241008-abcdef' does not match the "
	    "file name 20241008-k3f9qa.yaml");
	free(s);
	s = sf_diag_string(&d.v[1]);
	assert_string_equal(s, F ": title: must be one line");
	free(s);
	sf_diags_clear(&d);
	sf_issue_free(is);
}

static void
test_json(void **state)
{
	char *in = read_data("scheduled.yaml");
	struct sf_issue *is = parse_ok("scheduled.yaml", in, units,
	    SF_ISSUE_FULL);
	struct sf_arena *a = sf_arena_new();
	struct sf_buf out = SF_BUF_INIT;
	const char *screening, *head = "{\"id\":\"20240912-h3n8qa\","
	    "\"title\":\"杭州某算力中心项目能耗指标保障\","
	    "\"submitted\":\"2024-09-12\",\"submitter\":\"hangzhou\",";

	sf_json_emit(sf_issue_to_node(is, a), &out, 0);
	assert_int_equal(strncmp(out.buf, head, strlen(head)), 0);
	screening = strstr(out.buf, "\"screening\":");
	assert_non_null(screening);
	assert_string_equal(screening, "\"screening\":{\"date\":\"2024-09-13\","
	    "\"by\":\"tf-drc\",\"priorities\":[\"typical\"],\"score\":1,"
	    "\"similar\":[{\"id\":\"20240506-r2k9vt\",\"score\":0.41},"
	    "{\"id\":\"20240718-m5x3cz\",\"score\":0.38}],"
	    "\"note\":\"与嘉兴数据中心用能问题相似度较低，不构成重复。\"},"
	    "\"meeting\":\"2024-10-15-monthly\"}");
	sf_buf_release(&out);
	sf_arena_free(a);
	sf_issue_free(is);
	free(in);
}

static void
test_load(void **state)
{
	char *path = data_path("closed.yaml");
	struct sf_issue *is = (struct sf_issue *)&is;
	char dir[] = "/tmp/sanfen-issue-XXXXXX", big[64];
	FILE *f;
	long i;

	assert_int_equal(sf_issue_load(path, "issues/2024/08/"
	    "20240805-j4c7pe.yaml", units, &is), 0);
	assert_int_equal(is->closure->reason, SF_RS_RESOLVED);
	sf_issue_free(is);
	assert_int_equal(sf_issue_load("/nonexistent/x.yaml", "x.yaml", units,
	    &is), SF_EIO);
	assert_null(is);
	assert_string_equal(sf_error_message(),
	    "cannot read x.yaml: No such file or directory");
	/* the file name must match the id */
	assert_int_equal(sf_issue_load(path, "issues/2024/10/"
	    "20241008-k3f9qa.yaml", units, &is), SF_EINVALID);
	assert_string_equal(sf_error_message(), "issues/2024/10/"
	    "20241008-k3f9qa.yaml:1:5: id: '20240805-j4c7pe' does not match "
	    "the file name 20241008-k3f9qa.yaml");
	/* over 1 MiB is refused before it is parsed */
	assert_non_null(mkdtemp(dir));
	snprintf(big, sizeof(big), "%s/big.yaml", dir);
	assert_non_null(f = fopen(big, "w"));
	fputs("title: ", f);
	for (i = 0; i < SF_ISSUE_MAX_BYTES; i++)
		fputc('x', f);
	fclose(f);
	assert_int_equal(sf_issue_load(big, "big.yaml", units, &is), SF_EIO);
	assert_string_equal(sf_error_message(),
	    "cannot read big.yaml: File too large");
	unlink(big);
	/* a symbolic link is not followed, a FIFO not waited on */
	snprintf(big, sizeof(big), "%s/20240805-j4c7pe.yaml", dir);
	assert_int_equal(symlink(path, big), 0);
	assert_int_equal(sf_issue_load(big, "20240805-j4c7pe.yaml", units,
	    &is), SF_EINVALID);
	assert_null(is);
	assert_string_equal(sf_error_message(), "cannot read "
	    "20240805-j4c7pe.yaml: a symbolic link (not followed)");
	unlink(big);
	assert_int_equal(mkfifo(big, 0600), 0);
	assert_int_equal(sf_issue_load(big, "20240805-j4c7pe.yaml", units,
	    &is), SF_EINVALID);
	assert_string_equal(sf_error_message(), "cannot read "
	    "20240805-j4c7pe.yaml: not a regular file");
	unlink(big);
	rmdir(dir);
	free(path);
}

static void
test_lifecycle(void **state)
{
	/* rows: from; columns: to; in the order of enum sf_status:
	 * submitted accepted rejected scheduled coordinated escalated
	 * closed withdrawn */
	static const char *const matrix[] = {
		"01100001",	/* submitted */
		"00010001",	/* accepted */
		"00000000",	/* rejected */
		"01001000",	/* scheduled */
		"00000110",	/* coordinated */
		"00000010",	/* escalated */
		"00000000",	/* closed */
		"00000000",	/* withdrawn */
	};
	int from, to;

	assert_int_equal(sf_enum_status.n, 8);
	for (from = 0; from < 8; from++)
		for (to = 0; to < 8; to++)
			if (sf_status_can(from, to) !=
			    (matrix[from][to] == '1'))
				fail_msg("%s -> %s",
				    sf_enum_token(&sf_enum_status, from),
				    sf_enum_token(&sf_enum_status, to));
	assert_false(sf_status_can(-1, SF_ST_SUBMITTED));
	assert_false(sf_status_can(SF_ST_SUBMITTED, 8));
}

/* The copies live in the issue's arena: the source's arena may go first. */
static void
test_set_tasks(void **state)
{
	struct sf_arena *src = sf_arena_new();
	struct sf_issue *is = sf_issue_new();
	struct sf_task *v = sf_arena_alloc(src, 2 * sizeof(*v));
	const char **sup = sf_arena_alloc(src, 2 * sizeof(*sup));
	struct sf_note *n = sf_arena_alloc(src, sizeof(*n));

	(void)state;
	sup[0] = sf_arena_strdup(src, "dept-nr");
	sup[1] = sf_arena_strdup(src, "ningbo");
	n->date = sf_arena_strdup(src, "2024-11-20");
	n->note = sf_arena_strdup(src, "用海预审已受理");
	v[0].no = 1;
	v[0].action = sf_arena_strdup(src, "协调用海审批");
	v[0].lead = sf_arena_strdup(src, "dept-drc");
	v[0].support = sup;
	v[0].nsupport = 2;
	v[0].due = sf_arena_strdup(src, "2024-12-31");
	v[0].progress = n;
	v[0].nprogress = 1;
	v[1].no = 2;
	v[1].action = sf_arena_strdup(src, "x");
	v[1].lead = sf_arena_strdup(src, "hangzhou");
	v[1].due = sf_arena_strdup(src, "2025-01-31");
	sf_issue_set_tasks(is, v, 2);
	memset(sup, 0, 2 * sizeof(*sup));
	sf_arena_free(src);

	assert_int_equal(is->ntasks, 2);
	assert_int_equal(is->tasks[0].no, 1);
	assert_string_equal(is->tasks[0].action, "协调用海审批");
	assert_string_equal(is->tasks[0].lead, "dept-drc");
	assert_int_equal(is->tasks[0].nsupport, 2);
	assert_string_equal(is->tasks[0].support[0], "dept-nr");
	assert_string_equal(is->tasks[0].support[1], "ningbo");
	assert_string_equal(is->tasks[0].due, "2024-12-31");
	assert_null(is->tasks[0].done);
	assert_int_equal(is->tasks[0].nprogress, 1);
	assert_string_equal(is->tasks[0].progress[0].note, "用海预审已受理");
	assert_null(is->tasks[0].supervision);
	assert_string_equal(is->tasks[1].lead, "hangzhou");
	assert_null(is->tasks[1].support);
	sf_issue_set_tasks(is, NULL, 0);
	assert_int_equal(is->ntasks, 0);
	sf_issue_free(is);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_chinese_names_become_tokens),
		cmocka_unit_test(test_aliases_in_a_stored_file),
		cmocka_unit_test(test_empty_values),
		cmocka_unit_test(test_findings_of_values),
		cmocka_unit_test(test_findings_of_rules),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_without_units),
		cmocka_unit_test(test_validate_built),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_lifecycle),
		cmocka_unit_test(test_set_tasks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
