/* Unit tests: lib/agenda.c, lib/agenda_doc.c (the 通报 section) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "agenda.h"
#include "buf.h"
#include "config.h"
#include "error.h"
#include "issue.h"
#include "ledger.h"
#include "meeting.h"
#include "units.h"

/* An accepted issue: id, submission date, subject, city and score (-1: not
 * screened). Strings are literals; the arena holds what is allocated. */
static struct sf_issue *
issue(const char *id, const char *submitted, int subject, int city,
    int score)
{
	struct sf_issue *is = sf_issue_new();

	is->id = id;
	is->title = "某项目问题";
	is->submitted = submitted;
	is->submitter = "ningbo";
	is->subject = subject;
	is->city = city;
	is->program = SF_PROG_MAJOR_1;
	is->topic = SF_TOPIC_FACTORS;
	is->status = SF_ST_ACCEPTED;
	if (score >= 0) {
		is->screening = sf_arena_alloc(is->arena,
		    sizeof(*is->screening));
		memset(is->screening, 0, sizeof(*is->screening));
		is->screening->score = score;
	}
	return is;
}

/* Adds a task to is. */
static void
task(struct sf_issue *is, const char *action, const char *lead,
    const char *due, int done)
{
	struct sf_task *v = sf_arena_alloc(is->arena,
	    (is->ntasks + 1) * sizeof(*v));

	if (is->ntasks)
		memcpy(v, is->tasks, is->ntasks * sizeof(*v));
	memset(&v[is->ntasks], 0, sizeof(*v));
	v[is->ntasks].no = (int)is->ntasks + 1;
	v[is->ntasks].action = action;
	v[is->ntasks].lead = lead;
	v[is->ntasks].due = due;
	v[is->ntasks].status = done ? SF_TASK_DONE : SF_TASK_OPEN;
	v[is->ntasks].done = done ? due : NULL;
	is->tasks = v;
	is->ntasks++;
}

static struct sf_meeting *
meeting(const char *id, int status)
{
	struct sf_meeting *m = sf_meeting_new();

	m->id = id;
	m->date = sf_arena_strndup(m->arena, id, SF_DATE_LEN);
	m->kind = SF_MK_MONTHLY;
	m->status = status;
	return m;
}

/* The ids of c, space-separated, into a static buffer. */
static const char *
ids(const struct sf_candidates *c)
{
	static char out[512];
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < c->n; i++)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s",
		    i ? " " : "", c->v[i].id);
	return out;
}

static void
test_candidates_order(void **state)
{
	struct sf_candidates c = { NULL, 0, 0 };
	struct sf_issue *v[8];
	size_t i;

	v[0] = issue("20241003-bbbb", "2024-10-03", SF_SUBJ_SOE, -1, 2);
	v[1] = issue("20241001-zzzz", "2024-10-01", SF_SUBJ_CITY, 0, 2);
	v[2] = issue("20241003-aaaa", "2024-10-03", SF_SUBJ_SOE, -1, 2);
	v[3] = issue("20241008-high", "2024-10-08", SF_SUBJ_PRIVATE, 2, 9);
	v[4] = issue("20240920-none", "2024-09-20", SF_SUBJ_OTHER, -1, -1);
	/* not candidates: on a meeting, scheduled, not yet screened */
	v[5] = issue("20240901-onmt", "2024-09-01", SF_SUBJ_SOE, -1, 7);
	v[5]->meeting = "2024-10-15-monthly";
	v[6] = issue("20240902-schd", "2024-09-02", SF_SUBJ_SOE, -1, 7);
	v[6]->status = SF_ST_SCHEDULED;
	v[7] = issue("20240903-subm", "2024-09-03", SF_SUBJ_SOE, -1, 7);
	v[7]->status = SF_ST_SUBMITTED;
	for (i = 0; i < 8; i++)
		assert_int_equal(sf_candidates_offer(&c, v[i]), i < 5);
	assert_int_equal(c.n, 5);
	sf_candidates_sort(&c);
	/* 9; then the three of score 2 by submission date, then id; then the
	 * unscreened one, which counts as 0 */
	assert_string_equal(ids(&c), "20241008-high 20241001-zzzz "
	    "20241003-aaaa 20241003-bbbb 20240920-none");
	assert_int_equal(c.v[0].score, 9);
	assert_int_equal(c.v[0].subject, SF_SUBJ_PRIVATE);
	assert_int_equal(c.v[0].city, SF_CITY_WENZHOU);
	assert_string_equal(c.v[0].submitted, "2024-10-08");
	assert_int_equal(c.v[4].score, 0);
	sf_candidates_clear(&c);
	assert_null(c.v);
	assert_int_equal(c.n, 0);
	for (i = 0; i < 8; i++)
		sf_issue_free(v[i]);
}

/* The 通报 of the meeting of 2024-12-20, in a ledger of five meetings. */
static void
briefing(struct sf_briefing *b)
{
	struct sf_meeting *m[5];
	struct sf_issue *is[6];
	const char *date = "2024-12-20";
	size_t i;

	memset(b, 0, sizeof(*b));
	/* given out of order: kept in date order */
	m[0] = meeting("2024-10-15-monthly", SF_MS_ISSUED);
	m[1] = meeting("2024-09-20-monthly", SF_MS_ISSUED);
	m[2] = meeting("2024-11-15-monthly", SF_MS_HELD);	/* no minutes */
	m[3] = meeting("2024-12-20-special", SF_MS_ISSUED);	/* same day */
	m[4] = meeting("2025-01-15-monthly", SF_MS_ISSUED);
	assert_int_equal(sf_briefing_add_meeting(b, m[0], date), 1);
	assert_int_equal(sf_briefing_add_meeting(b, m[1], date), 1);
	assert_int_equal(sf_briefing_add_meeting(b, m[2], date), 0);
	assert_int_equal(sf_briefing_add_meeting(b, m[3], date), 0);
	assert_int_equal(sf_briefing_add_meeting(b, m[4], date), 0);
	assert_int_equal(sf_briefing_add_meeting(b, m[0], date), 0);

	/* September: one closed with a task left open (not overdue: the
	 * issue is closed), one escalated with a task overdue */
	is[0] = issue("20240901-clsd", "2024-09-01", SF_SUBJ_SOE, -1, 1);
	is[0]->status = SF_ST_CLOSED;
	is[0]->meeting = "2024-09-20-monthly";
	task(is[0], "完成用地报批", "dept-nr", "2024-10-31", 1);
	task(is[0], "落实资金", "dept-finance", "2024-11-30", 0);
	is[1] = issue("20240902-escl", "2024-09-02", SF_SUBJ_CITY, 1, 1);
	is[1]->status = SF_ST_ESCALATED;
	is[1]->meeting = "2024-09-20-monthly";
	task(is[1], "协调用海指标", "dept-nr", "2024-11-30", 0);
	/* October: two tasks overdue by 50 days, one due later, one done */
	is[2] = issue("20241002-crdb", "2024-10-02", SF_SUBJ_PRIVATE, 2, 1);
	is[2]->status = SF_ST_COORDINATED;
	is[2]->meeting = "2024-10-15-monthly";
	task(is[2], "出具环评批复", "dept-eco", "2024-10-31", 0);
	task(is[2], "完成能评", "dept-energy", "2024-12-20", 0);
	task(is[2], "明确补助政策", "dept-finance", "2024-11-01", 1);
	is[3] = issue("20241001-crda", "2024-10-01", SF_SUBJ_SOE, 0, 1);
	is[3]->status = SF_ST_COORDINATED;
	is[3]->meeting = "2024-10-15-monthly";
	task(is[3], "调整线位|方案\n报批", "dept-transport", "2024-10-31", 0);
	/* not counted: on the meeting without minutes; back to accepted */
	is[4] = issue("20241101-hold", "2024-11-01", SF_SUBJ_SOE, 0, 1);
	is[4]->status = SF_ST_SCHEDULED;
	is[4]->meeting = "2024-11-15-monthly";
	task(is[4], "x", "dept-nr", "2024-11-20", 0);
	is[5] = issue("20241003-dfrd", "2024-10-03", SF_SUBJ_SOE, 0, 1);
	for (i = 0; i < 6; i++)
		sf_briefing_add_issue(b, is[i], date);
	sf_briefing_sort(b);
	for (i = 0; i < 6; i++)
		sf_issue_free(is[i]);
	for (i = 0; i < 5; i++)
		sf_meeting_free(m[i]);
}

static void
test_briefing_counts(void **state)
{
	struct sf_briefing b;

	briefing(&b);
	assert_int_equal(b.nm, 2);
	assert_string_equal(b.m[0].id, "2024-09-20-monthly");
	assert_string_equal(b.m[0].date, "2024-09-20");
	assert_int_equal(b.m[0].coordinated, 2);
	assert_int_equal(b.m[0].closed, 1);
	assert_int_equal(b.m[0].tasks, 3);
	assert_int_equal(b.m[0].tasks_done, 1);
	assert_string_equal(b.m[1].id, "2024-10-15-monthly");
	assert_int_equal(b.m[1].coordinated, 2);
	assert_int_equal(b.m[1].closed, 0);
	assert_int_equal(b.m[1].tasks, 4);
	assert_int_equal(b.m[1].tasks_done, 1);

	/* most overdue first; ties by issue id: due on the day is not late */
	assert_int_equal(b.no, 3);
	assert_string_equal(b.o[0].issue, "20241001-crda");
	assert_int_equal(b.o[0].task, 1);
	assert_string_equal(b.o[0].lead, "dept-transport");
	assert_string_equal(b.o[0].due, "2024-10-31");
	assert_int_equal(b.o[0].days, 50);
	assert_string_equal(b.o[1].issue, "20241002-crdb");
	assert_int_equal(b.o[1].task, 1);
	assert_string_equal(b.o[1].action, "出具环评批复");
	assert_int_equal(b.o[1].days, 50);
	assert_string_equal(b.o[2].issue, "20240902-escl");
	assert_int_equal(b.o[2].days, 20);
	sf_briefing_clear(&b);
	assert_int_equal(b.nm, 0);
	assert_null(b.o);
}

static void
test_briefing_md(void **state)
{
	struct sf_briefing b;
	struct sf_ledger l;
	struct sf_buf out = SF_BUF_INIT;
	struct sf_units *units;

	assert_int_equal(sf_units_parse("units.yaml", sf_default_units_yaml,
	    strlen(sf_default_units_yaml), &units), 0);
	memset(&l, 0, sizeof(l));
	l.units = units;
	memset(&b, 0, sizeof(b));
	sf_briefing_md(&l, &b, &out);
	assert_string_equal(out.buf, "此前无已印发纪要的例会。\n");

	sf_buf_reset(&out);
	briefing(&b);
	sf_briefing_md(&l, &b, &out);
	assert_string_equal(out.buf,
	    "| 会议 | 协调问题 | 已销号 | 议定事项 | 已完成 |\n"
	    "|---|---|---|---|---|\n"
	    "| 2024年9月20日（2024-09-20-monthly） | 2 | 1 | 3 | 1 |\n"
	    "| 2024年10月15日（2024-10-15-monthly） | 2 | 0 | 4 | 1 |\n"
	    "\n逾期未完成事项：\n\n"
	    "| 问题编号 | 事项 | 议定事项 | 牵头单位 | 完成时限 | 逾期天数 |\n"
	    "|---|---|---|---|---|---|\n"
	    "| 20241001-crda | 1 | 调整线位\\|方案 报批 | 浙江省交通运输厅 | "
	    "2024年10月31日 | 50 |\n"
	    "| 20241002-crdb | 1 | 出具环评批复 | 浙江省生态环境厅 | "
	    "2024年10月31日 | 50 |\n"
	    "| 20240902-escl | 1 | 协调用海指标 | 浙江省自然资源厅 | "
	    "2024年11月30日 | 20 |\n");
	sf_briefing_clear(&b);
	sf_buf_release(&out);
	sf_units_free(units);
}

static void
test_review_period(void **state)
{
	char from[SF_DATE_LEN + 1], to[SF_DATE_LEN + 1];

	assert_int_equal(sf_review_period(SF_MK_SEMIANNUAL, "2024-06-30",
	    from, to), 0);
	assert_string_equal(from, "2024-01-01");
	assert_string_equal(to, "2024-06-30");
	assert_int_equal(sf_review_period(SF_MK_SEMIANNUAL, "2024-07-01",
	    from, to), 0);
	assert_string_equal(from, "2024-07-01");
	assert_string_equal(to, "2024-12-31");
	assert_int_equal(sf_review_period(SF_MK_ANNUAL, "2024-12-20", from,
	    to), 0);
	assert_string_equal(from, "2024-01-01");
	assert_string_equal(to, "2024-12-31");
	assert_int_equal(sf_review_period(SF_MK_MONTHLY, "2024-10-15", from,
	    to), -1);
	assert_int_equal(sf_review_period(SF_MK_SPECIAL, "2024-10-15", from,
	    to), -1);
	assert_int_equal(sf_review_period(SF_MK_ANNUAL, "2024-13-01", from,
	    to), -1);
}

static void
test_review_counts(void **state)
{
	struct sf_review r;
	struct sf_issue *v[5];
	size_t i;

	v[0] = issue("20240630-last", "2024-06-30", SF_SUBJ_SOE, -1, 0);
	v[1] = issue("20240701-frst", "2024-07-01", SF_SUBJ_SOE, -1, 0);
	v[2] = issue("20241231-end", "2024-12-31", SF_SUBJ_CITY,
	    SF_CITY_LISHUI, 0);
	v[2]->status = SF_ST_CLOSED;
	v[2]->topic = SF_TOPIC_APPROVAL;
	v[2]->program = SF_PROG_OTHER;
	v[3] = issue("20241010-mid", "2024-10-10", SF_SUBJ_PRIVATE,
	    SF_CITY_HANGZHOU, 0);
	v[3]->status = SF_ST_COORDINATED;
	v[4] = issue("20250101-next", "2025-01-01", SF_SUBJ_SOE, -1, 0);
	sf_review_init(&r, "2024-07-01", "2024-12-31");
	for (i = 0; i < 5; i++)
		sf_review_add(&r, v[i]);
	assert_string_equal(r.from, "2024-07-01");
	assert_string_equal(r.to, "2024-12-31");
	assert_int_equal(r.total, 3);
	assert_int_equal(r.status[SF_ST_ACCEPTED], 1);
	assert_int_equal(r.status[SF_ST_CLOSED], 1);
	assert_int_equal(r.status[SF_ST_COORDINATED], 1);
	assert_int_equal(r.city[SF_CITY_LISHUI], 1);
	assert_int_equal(r.city[SF_CITY_HANGZHOU], 1);
	assert_int_equal(r.city[SF_CITY_NINGBO], 0);
	assert_int_equal(r.subject[SF_SUBJ_SOE], 1);
	assert_int_equal(r.subject[SF_SUBJ_CITY], 1);
	assert_int_equal(r.subject[SF_SUBJ_PRIVATE], 1);
	assert_int_equal(r.program[SF_PROG_MAJOR_1], 2);
	assert_int_equal(r.program[SF_PROG_OTHER], 1);
	assert_int_equal(r.topic[SF_TOPIC_FACTORS], 2);
	assert_int_equal(r.topic[SF_TOPIC_APPROVAL], 1);
	for (i = 0; i < 5; i++)
		sf_issue_free(v[i]);
}

static void
test_quota_bad_quarter(void **state)
{
	struct sf_quota q;

	assert_int_equal(sf_quota_init(&q, "2024Q5"), SF_EINVALID);
	assert_string_equal(sf_error_message(), "invalid quarter '2024Q5' "
	    "(expected YYYYQn, such as 2024Q4)");
	assert_int_equal(sf_quota_init(&q, "24Q4"), SF_EINVALID);
	assert_int_equal(sf_quota_init(&q, "2024q1"), 0);
	assert_string_equal(q.quarter, "2024Q1");
	assert_string_equal(q.first, "2024-01-01");
	assert_string_equal(q.last, "2024-03-31");
	sf_quota_clear(&q);
}

static void
test_quota_gaps(void **state)
{
	struct sf_config cfg;
	struct sf_candidates all = { NULL, 0, 0 };
	struct sf_quota q;
	struct sf_issue *on[4], *wait[4];
	int c;
	size_t i;

	memset(&cfg, 0, sizeof(cfg));
	cfg.quota_soe = cfg.quota_private = cfg.quota_city = 1;
	/* on the quarter's meetings: two 国企 and one of each city but
	 * ningbo, wenzhou, huzhou, jiaxing, lishui; no 民企 */
	on[0] = issue("20241001-a", "2024-10-01", SF_SUBJ_SOE,
	    SF_CITY_HANGZHOU, 0);
	on[1] = issue("20241001-b", "2024-10-01", SF_SUBJ_SOE, -1, 0);
	on[2] = issue("20241001-c", "2024-10-01", SF_SUBJ_CITY,
	    SF_CITY_SHAOXING, 0);
	on[3] = issue("20241001-d", "2024-10-01", SF_SUBJ_OTHER, -1, 0);
	assert_int_equal(sf_quota_init(&q, "2024Q4"), 0);
	for (i = 0; i < 4; i++)
		sf_quota_count(&q, on[i]);
	for (c = SF_CITY_JINHUA; c <= SF_CITY_TAIZHOU; c++)
		q.city[c]++;
	assert_int_equal(q.soe, 2);
	assert_int_equal(q.private_, 0);
	assert_int_equal(q.city[SF_CITY_HANGZHOU], 1);
	assert_int_equal(q.city[SF_CITY_SHAOXING], 1);

	/* waiting: the fill lists keep the candidates' order */
	wait[0] = issue("20241005-p2", "2024-10-05", SF_SUBJ_PRIVATE,
	    SF_CITY_LISHUI, 3);
	wait[1] = issue("20241002-p1", "2024-10-02", SF_SUBJ_PRIVATE,
	    SF_CITY_NINGBO, 1);
	wait[2] = issue("20241003-l1", "2024-10-03", SF_SUBJ_CITY,
	    SF_CITY_LISHUI, 5);
	wait[3] = issue("20241004-s1", "2024-10-04", SF_SUBJ_SOE,
	    SF_CITY_HANGZHOU, 0);
	for (i = 0; i < 4; i++)
		sf_candidates_offer(&all, wait[i]);
	sf_candidates_sort(&all);
	sf_quota_gaps(&q, &cfg, &all);
	assert_int_equal(q.nmissing, 6);
	assert_string_equal(q.missing[0], "private");
	assert_string_equal(ids(&q.fill[0]), "20241005-p2 20241002-p1");
	assert_string_equal(q.missing[1], "ningbo");
	assert_string_equal(ids(&q.fill[1]), "20241002-p1");
	assert_string_equal(q.missing[2], "wenzhou");
	assert_int_equal(q.fill[2].n, 0);
	assert_string_equal(q.missing[3], "huzhou");
	assert_string_equal(q.missing[4], "jiaxing");
	assert_string_equal(q.missing[5], "lishui");
	assert_string_equal(ids(&q.fill[5]), "20241003-l1 20241005-p2");
	sf_quota_clear(&q);

	/* higher minimums: two of each city; 国企 met at two */
	cfg.quota_soe = cfg.quota_city = 2;
	cfg.quota_private = 0;
	assert_int_equal(sf_quota_init(&q, "2024Q4"), 0);
	for (i = 0; i < 4; i++)
		sf_quota_count(&q, on[i]);
	sf_quota_gaps(&q, &cfg, &all);
	assert_int_equal(q.nmissing, SF_CITY_COUNT);
	assert_string_equal(q.missing[0], "hangzhou");
	assert_string_equal(ids(&q.fill[0]), "20241004-s1");
	assert_string_equal(q.missing[SF_CITY_COUNT - 1], "lishui");
	sf_quota_clear(&q);
	sf_candidates_clear(&all);
	for (i = 0; i < 4; i++) {
		sf_issue_free(on[i]);
		sf_issue_free(wait[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_candidates_order),
		cmocka_unit_test(test_briefing_counts),
		cmocka_unit_test(test_briefing_md),
		cmocka_unit_test(test_review_period),
		cmocka_unit_test(test_review_counts),
		cmocka_unit_test(test_quota_bad_quarter),
		cmocka_unit_test(test_quota_gaps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
