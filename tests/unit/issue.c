/* Unit tests: lib/issue.c (and lib/reader.c through it) */
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
data_path(const char *name)
{
	const char *build = getenv("SANFEN_BUILD");
	struct sf_buf b = SF_BUF_INIT;

	sf_buf_init(&b);
	sf_buf_addf(&b, "%s/tests/unit/data/issue/%s", build ? build : ".",
	    name);
	return sf_buf_detach(&b, NULL);
}

static void
round_trip(const char *name)
{
	struct sf_buf in = SF_BUF_INIT, out = SF_BUF_INIT;
	struct sf_issue *is;
	char *path = data_path(name);
	int rc;

	sf_buf_init(&in);
	sf_buf_init(&out);
	assert_int_equal(sf_buf_read_file(&in, path, 1 << 20), 0);
	rc = sf_issue_parse(name, in.buf, in.len, units, SF_ISSUE_FULL, &is);
	if (rc)
		fail_msg("%s: %s", name, sf_error_message());
	assert_int_equal(sf_issue_emit(is, &out), 0);
	assert_string_equal(out.buf, in.buf);
	sf_issue_free(is);
	sf_buf_release(&in);
	sf_buf_release(&out);
	free(path);
}

static void
test_round_trips(void **state)
{
	round_trip("coordinated.yaml");
	round_trip("closed.yaml");
}

static void
test_fields(void **state)
{
	struct sf_buf in = SF_BUF_INIT;
	struct sf_issue *is;
	char *path = data_path("coordinated.yaml");

	sf_buf_init(&in);
	assert_int_equal(sf_buf_read_file(&in, path, 1 << 20), 0);
	assert_int_equal(sf_issue_parse("x.yaml", in.buf, in.len, units,
	    SF_ISSUE_FULL, &is), 0);
	assert_int_equal(is->subject, SF_SUBJ_SOE);
	assert_int_equal(is->city, SF_CITY_NINGBO);
	assert_int_equal(is->program, SF_PROG_MAJOR_1 + 4);
	assert_int_equal(is->tried, 1u << SF_LEVEL_COUNTY | 1u << SF_LEVEL_CITY);
	assert_int_equal(is->status, SF_ST_COORDINATED);
	assert_int_equal(is->ntasks, 2);
	assert_int_equal(is->tasks[0].nprogress, 2);
	assert_string_equal(is->tasks[0].progress[1].note, "已获批复");
	assert_int_equal(is->tasks[1].nsupervision, 1);
	assert_string_equal(is->tasks[0].support[0], "ningbo");
	assert_int_equal(is->screening->nsimilar, 1);
	assert_true(is->screening->similar[0].score > 0.63);
	sf_issue_free(is);
	sf_buf_release(&in);
	free(path);
}

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
	    "tried: [县级, 市级]\n"
	    "flags: [典型性]\n"
	    "material: {background: a, problem: b, prior: c, request: d}\n";
	struct sf_buf out = SF_BUF_INIT;
	struct sf_issue *is;

	assert_int_equal(sf_issue_parse("s.yaml", text, strlen(text), units,
	    SF_ISSUE_SUBMISSION, &is), 0);
	is->id = "20241008-abcdef";
	is->submitted = "2024-10-08";
	sf_buf_init(&out);
	assert_int_equal(sf_issue_emit(is, &out), 0);
	assert_string_equal(out.buf,
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
	    "source: unit\n"
	    "flags: [typical]\n"
	    "material:\n"
	    "  background: a\n"
	    "  problem: b\n"
	    "  prior: c\n"
	    "  request: d\n"
	    "status: submitted\n");
	sf_buf_release(&out);
	sf_issue_free(is);
}

/* The first finding for text, in the given mode. */
static void
finding(const char *text, enum sf_issue_mode mode, const char *want)
{
	struct sf_issue *is = NULL;
	int rc = sf_issue_parse("issues/2024/10/20241008-k3f9qa.yaml", text,
	    strlen(text), units, mode, &is);

	assert_int_equal(rc, SF_EINVALID);
	assert_null(is);
	if (strncmp(sf_error_message(), want, strlen(want)) != 0)
		fail_msg("got:  %s\nwant: %s", sf_error_message(), want);
}

#define BASE "id: 20241008-k3f9qa\ntitle: t\nsubmitted: 2024-10-08\n" \
	"submitter: ningbo\nsubject: soe\nprogram: other\ntopic: other\n" \
	"jurisdiction: province\nstatus: submitted\n"
#define F "issues/2024/10/20241008-k3f9qa.yaml"

static void
test_findings(void **state)
{
	finding(BASE "colour: red\n", SF_ISSUE_FULL,
	    F ":10:1: unknown key 'colour'");
	finding(BASE "history: []\n", SF_ISSUE_FULL,
	    F ":10:1: history is not stored: it is git's (see sanfen-log)");
	finding(BASE "city: shanghai\n", SF_ISSUE_FULL,
	    F ":10:7: city: unknown city 'shanghai' (expected hangzhou, "
	    "ningbo, wenzhou, huzhou, jiaxing, shaoxing, jinhua, quzhou, "
	    "zhoushan, taizhou, lishui)");
	finding("id: 20241008-k3f9qa\ntitle: t\nsubmitted: 2024-02-30\n",
	    SF_ISSUE_FULL, F ":3:12: submitted: invalid date '2024-02-30'");
	finding(BASE "contact: [a]\n", SF_ISSUE_FULL,
	    F ":10:10: contact: expected text, not a list");
	finding("id: 20241008-k3f9qa\ntitle: \"a\\nb\"\n", SF_ISSUE_FULL,
	    F ":2:8: title: must be one line");
	finding("id: 20241008-zzzzzz\n", SF_ISSUE_FULL,
	    F ":1:5: id: '20241008-zzzzzz' does not match the file name");
	finding(BASE "tasks:\n- 'no': 1\n  action: a\n  lead: 上海\n"
	    "  due: 2024-11-30\n", SF_ISSUE_FULL,
	    F ":13:9: tasks[1].lead: unknown unit '上海'");
	finding(BASE "tasks:\n- {'no': 1, action: a, lead: dept-nr, due: "
	    "2024-11-30}\n- {'no': 1, action: b, lead: dept-nr, due: "
	    "2024-11-30}\n", SF_ISSUE_FULL,
	    F ": tasks[2].no: 1 is also the number of tasks[1]");
	finding(BASE "tasks:\n- {'no': 1, action: a, lead: dept-nr, due: "
	    "2024-11-30, status: done}\n", SF_ISSUE_FULL,
	    F ": tasks[1].done: required when status is done");
	finding("id: 20241008-k3f9qa\ntitle: t\nsubmitted: 2024-10-08\n"
	    "submitter: ningbo\nsubject: city\nprogram: other\ntopic: other\n"
	    "jurisdiction: province\nstatus: submitted\n", SF_ISSUE_FULL,
	    F ": city: required when subject is city");
	finding("title: t\nstatus: accepted\n", SF_ISSUE_SUBMISSION,
	    F ":2:1: status: key 'status' is set by sanfen, not by the "
	    "submitter");
	finding(BASE, SF_ISSUE_NEW,
	    F ": material.background: required (Art. 9 项目基本情况)");
	/* a stored issue may lack its material: screening returns it */
	{
		struct sf_issue *is;

		assert_int_equal(sf_issue_parse(F, BASE, strlen(BASE), units,
		    SF_ISSUE_FULL, &is), 0);
		sf_issue_free(is);
	}
}

static void
test_ids_and_paths(void **state)
{
	static const struct {
		const char *id;
		int ok;
	} cases[] = {
		{ "20241008-k3f9qa", 0 }, { "20241008-abcd", 0 },
		{ "20241008-abc", -1 }, { "20241301-abcdef", -1 },
		{ "20241008-ABCDEF", -1 }, { "20241008-a/b/cd", -1 },
		{ "../x", -1 }, { "20241008k3f9qa", -1 }, { "", -1 },
		{ "20240230-abcdef", -1 }, { "20241008-abcdefghijklmnopq", -1 },
	};
	size_t i;
	char *p;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (sf_issue_id_valid(cases[i].id) != cases[i].ok)
			fail_msg("sf_issue_id_valid(\"%s\")", cases[i].id);
	p = sf_issue_path("20241008-k3f9qa");
	assert_string_equal(p, "issues/2024/10/20241008-k3f9qa.yaml");
	free(p);
	assert_null(sf_issue_path("../../etc/passwd"));
}

static void
test_lifecycle(void **state)
{
	int from, to, n = 0;

	for (from = 0; from < sf_enum_status.n; from++)
		for (to = 0; to < sf_enum_status.n; to++)
			n += sf_status_can(from, to);
	assert_int_equal(n, 10);
	assert_true(sf_status_can(SF_ST_SUBMITTED, SF_ST_ACCEPTED));
	assert_true(sf_status_can(SF_ST_SCHEDULED, SF_ST_ACCEPTED));
	assert_true(sf_status_can(SF_ST_ESCALATED, SF_ST_CLOSED));
	assert_false(sf_status_can(SF_ST_SUBMITTED, SF_ST_CLOSED));
	assert_false(sf_status_can(SF_ST_CLOSED, SF_ST_COORDINATED));
	assert_false(sf_status_can(SF_ST_REJECTED, SF_ST_ACCEPTED));
	assert_false(sf_status_can(SF_ST_SCHEDULED, SF_ST_WITHDRAWN));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_chinese_names_become_tokens),
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_ids_and_paths),
		cmocka_unit_test(test_lifecycle),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
