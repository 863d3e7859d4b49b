/* Unit tests: lib/issue_codec.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "issue.h"
#include "issue_codec.h"

/*
 * The structs' sizes on a 64-bit machine, as the codec knows them. A new
 * field changes one: fill it in full_issue(), compare it in same_issue(),
 * encode and decode it (lib/issue_codec.h lists the other places), then
 * set the size here.
 */
#define SIZE_ISSUE 192
#define SIZE_TASK 96
#define SIZE_NOTE 16
#define SIZE_SIMILAR 16
#define SIZE_SCREENING 64
#define SIZE_ESCALATION 24
#define SIZE_CLOSURE 24
#define SIZE_WITHDRAWAL 16

static const char *
str(struct sf_arena *a, const char *what, int n)
{
	return sf_arena_printf(a, "%s %d 宁波", what, n);
}

static struct sf_note *
notes(struct sf_arena *a, const char *what, size_t n)
{
	struct sf_note *v = sf_arena_alloc(a, n * sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++) {
		v[i].date = sf_arena_printf(a, "2024-11-%02zu", i + 1);
		v[i].note = str(a, what, (int)i);
	}
	return v;
}

/* Every field set, none to its default, each to a value of its own */
static struct sf_issue *
full_issue(void)
{
	struct sf_issue *is = sf_issue_new();
	struct sf_arena *a = is->arena;
	struct sf_screening *s;
	struct sf_task *t;
	size_t i, k;

	is->id = "20241008-k3f9qa";
	is->title = str(a, "title", 0);
	is->submitted = "2024-10-08";
	is->submitter = "ningbo";
	is->contact = str(a, "contact", 0);
	is->subject = SF_SUBJ_CITY;
	is->city = SF_CITY_LISHUI;
	is->program = sf_enum_program.n - 1;
	is->topic = sf_enum_topic.n - 1;
	is->jurisdiction = SF_LEVEL_NATIONAL;
	is->tried = 1u << SF_LEVEL_CITY | 1u << SF_LEVEL_PROVINCE;
	is->source = SF_SRC_INSPECTION;
	is->flags = 1u << SF_FLAG_CROSS_LEVEL;
	for (i = 0; i < SF_MAT_COUNT; i++)
		is->material[i] = str(a, "material", (int)i);
	is->status = SF_ST_WITHDRAWN;

	s = is->screening = sf_arena_alloc(a, sizeof(*s));
	memset(s, 0, sizeof(*s));
	s->date = "2024-10-09";
	s->by = "tf-office";
	s->exclusions = 1u << SF_EX_MARKET | 1u << SF_EX_LOCAL;
	s->priorities = 1u << SF_PRI_INSPECTION;
	s->score = -3;
	s->nsimilar = 2;
	s->similar = sf_arena_alloc(a, 2 * sizeof(*s->similar));
	s->similar[0].id = "20240901-aaaaaa";
	s->similar[0].score = 0.8125;
	s->similar[1].id = "20240902-bbbbbb";
	s->similar[1].score = 1.0 / 3;
	s->missing = 1u << SF_MAT_PRIOR;
	s->note = str(a, "screening note", 0);

	is->meeting = "2024-10-15-monthly";
	is->decision = str(a, "decision", 0);
	is->ntasks = 2;
	is->tasks = sf_arena_alloc(a, 2 * sizeof(*is->tasks));
	for (i = 0; i < is->ntasks; i++) {
		t = &is->tasks[i];
		memset(t, 0, sizeof(*t));
		t->no = (int)i + 1;
		t->action = str(a, "action", (int)i);
		t->lead = i ? "dept-nr" : "ningbo";
		t->nsupport = i + 1;
		t->support = sf_arena_alloc(a, t->nsupport * sizeof(char *));
		for (k = 0; k < t->nsupport; k++)
			t->support[k] = str(a, "support", (int)k);
		t->due = i ? "2024-12-31" : "2024-11-30";
		t->status = i ? SF_TASK_OPEN : SF_TASK_DONE;
		t->done = i ? NULL : "2024-11-20";
		t->nprogress = 2 + i;
		t->progress = notes(a, "progress", t->nprogress);
		t->nsupervision = 1 + i;
		t->supervision = notes(a, "supervision", t->nsupervision);
	}
	is->escalation = sf_arena_alloc(a, sizeof(*is->escalation));
	is->escalation->to = SF_ESC_SPECIAL_MEETING;
	is->escalation->date = "2024-11-02";
	is->escalation->reason = str(a, "escalation", 0);
	is->closure = sf_arena_alloc(a, sizeof(*is->closure));
	is->closure->date = "2024-11-03";
	is->closure->reason = sf_enum_reason.n - 1;
	is->closure->note = str(a, "closure", 0);
	is->withdrawal = sf_arena_alloc(a, sizeof(*is->withdrawal));
	is->withdrawal->date = "2024-11-04";
	is->withdrawal->note = str(a, "withdrawal", 0);
	return is;
}

/* Both NULL, or equal strings held in different places (the decoded ones
 * are the issue's own copies) */
static void
same_str(const char *x, const char *y, const char *what)
{
	if (!x && !y)
		return;
	if (!x || !y)
		fail_msg("%s: %s against %s", what, x ? x : "NULL",
		    y ? y : "NULL");
	if (strcmp(x, y) != 0)
		fail_msg("%s: '%s' against '%s'", what, x, y);
	assert_ptr_not_equal(x, y);
}

static void
same_notes(const struct sf_note *x, size_t nx, const struct sf_note *y,
    size_t ny, const char *what)
{
	size_t i;

	assert_int_equal(nx, ny);
	for (i = 0; i < nx; i++) {
		same_str(x[i].date, y[i].date, what);
		same_str(x[i].note, y[i].note, what);
	}
}

static void
same_task(const struct sf_task *x, const struct sf_task *y)
{
	size_t k;

	assert_int_equal(x->no, y->no);
	same_str(x->action, y->action, "task action");
	same_str(x->lead, y->lead, "task lead");
	assert_int_equal(x->nsupport, y->nsupport);
	for (k = 0; k < x->nsupport; k++)
		same_str(x->support[k], y->support[k], "task support");
	same_str(x->due, y->due, "task due");
	assert_int_equal(x->status, y->status);
	same_str(x->done, y->done, "task done");
	same_notes(x->progress, x->nprogress, y->progress, y->nprogress,
	    "progress");
	same_notes(x->supervision, x->nsupervision, y->supervision,
	    y->nsupervision, "supervision");
}

/* Field by field; with rest, the fields of the rest too */
static void
same_issue(const struct sf_issue *x, const struct sf_issue *y, int rest)
{
	const struct sf_screening *s = x->screening, *t = y->screening;
	size_t i;

	same_str(x->id, y->id, "id");
	same_str(x->title, y->title, "title");
	same_str(x->submitted, y->submitted, "submitted");
	same_str(x->submitter, y->submitter, "submitter");
	assert_int_equal(x->subject, y->subject);
	assert_int_equal(x->city, y->city);
	assert_int_equal(x->program, y->program);
	assert_int_equal(x->topic, y->topic);
	assert_int_equal(x->jurisdiction, y->jurisdiction);
	assert_int_equal(x->tried, y->tried);
	assert_int_equal(x->source, y->source);
	assert_int_equal(x->flags, y->flags);
	assert_int_equal(x->status, y->status);
	same_str(x->meeting, y->meeting, "meeting");

	assert_int_equal(!s, !t);
	if (s) {
		same_str(s->date, t->date, "screening date");
		same_str(s->by, t->by, "screening by");
		assert_int_equal(s->exclusions, t->exclusions);
		assert_int_equal(s->priorities, t->priorities);
		assert_int_equal(s->score, t->score);
		assert_int_equal(s->missing, t->missing);
	}
	assert_int_equal(x->ntasks, y->ntasks);
	for (i = 0; i < x->ntasks; i++)
		same_task(&x->tasks[i], &y->tasks[i]);
	assert_int_equal(!x->escalation, !y->escalation);
	if (x->escalation) {
		assert_int_equal(x->escalation->to, y->escalation->to);
		same_str(x->escalation->date, y->escalation->date,
		    "escalation date");
		same_str(x->escalation->reason, y->escalation->reason,
		    "escalation reason");
	}
	assert_int_equal(!x->closure, !y->closure);
	if (x->closure) {
		same_str(x->closure->date, y->closure->date, "closure date");
		assert_int_equal(x->closure->reason, y->closure->reason);
		same_str(x->closure->note, y->closure->note, "closure note");
	}
	assert_int_equal(!x->withdrawal, !y->withdrawal);
	if (x->withdrawal) {
		same_str(x->withdrawal->date, y->withdrawal->date,
		    "withdrawal date");
		same_str(x->withdrawal->note, y->withdrawal->note,
		    "withdrawal note");
	}
	if (!rest)
		return;
	same_str(x->contact, y->contact, "contact");
	for (i = 0; i < SF_MAT_COUNT; i++)
		same_str(x->material[i], y->material[i], "material");
	same_str(x->decision, y->decision, "decision");
	if (s) {
		same_str(s->note, t->note, "screening note");
		assert_int_equal(s->nsimilar, t->nsimilar);
		for (i = 0; i < s->nsimilar; i++) {
			same_str(s->similar[i].id, t->similar[i].id,
			    "similar id");
			/* the bits, not two decimals */
			assert_memory_equal(&s->similar[i].score,
			    &t->similar[i].score, sizeof(double));
		}
	}
}

/* is encoded, then decoded into a new issue (both parts, or the indexed
 * part alone) */
static struct sf_issue *
round_trip(const struct sf_issue *is, int rest)
{
	struct sf_buf b = SF_BUF_INIT, r = SF_BUF_INIT;
	struct sf_issue *out = sf_issue_new();
	struct sf_arena *a = out->arena;
	struct sf_get g;

	sf_issue_encode(&b, is);
	sf_issue_encode_rest(&r, is);
	/* as the cache decodes: into an issue with nothing set */
	memset(out, 0, sizeof(*out));
	out->arena = a;
	g.p = (const unsigned char *)b.buf;
	g.end = g.p + b.len;
	g.bad = 0;
	assert_int_equal(sf_issue_decode(&g, out), 0);
	if (rest) {
		g.p = (const unsigned char *)r.buf;
		g.end = g.p + r.len;
		assert_int_equal(sf_issue_decode_rest(&g, out), 0);
	}
	sf_buf_release(&b);
	sf_buf_release(&r);
	return out;
}

static void
test_full_round_trip(void **state)
{
	struct sf_issue *is = full_issue(), *out;
	struct sf_buf x = SF_BUF_INIT, y = SF_BUF_INIT;

	(void)state;
	out = round_trip(is, 1);
	same_issue(is, out, 1);
	/* and the file each would write: the same bytes */
	assert_int_equal(sf_issue_emit(is, &x), 0);
	assert_int_equal(sf_issue_emit(out, &y), 0);
	assert_string_equal(x.buf, y.buf);
	sf_buf_release(&x);
	sf_buf_release(&y);
	sf_issue_free(out);

	/* the indexed part alone: the rest unset */
	out = round_trip(is, 0);
	same_issue(is, out, 0);
	assert_null(out->contact);
	assert_null(out->decision);
	assert_null(out->material[0]);
	assert_null(out->screening->note);
	assert_int_equal(out->screening->nsimilar, 0);
	sf_issue_free(out);
	sf_issue_free(is);
}

/* What is absent stays absent */
static void
test_sparse_round_trip(void **state)
{
	struct sf_issue *is = sf_issue_new(), *out;

	(void)state;
	is->id = "20241008-k3f9qa";
	is->submitted = "2024-10-08";
	out = round_trip(is, 1);
	same_issue(is, out, 1);
	assert_null(out->screening);
	assert_null(out->tasks);
	assert_null(out->escalation);
	assert_null(out->closure);
	assert_null(out->withdrawal);
	assert_int_equal(out->city, -1);
	sf_issue_free(out);
	sf_issue_free(is);
}

/* A body cut short, followed by more, or with an enum out of range */
static void
test_refused(void **state)
{
	struct sf_issue *is = full_issue(), *out = sf_issue_new();
	struct sf_buf b = SF_BUF_INIT;
	struct sf_get g;
	size_t cut;

	(void)state;
	sf_issue_encode(&b, is);
	for (cut = 0; cut < b.len; cut++) {
		sf_arena_reset(out->arena);
		g.p = (const unsigned char *)b.buf;
		g.end = g.p + cut;
		g.bad = 0;
		if (sf_issue_decode(&g, out) == 0)
			fail_msg("cut at %zu of %zu: decoded", cut, b.len);
	}
	sf_buf_addch(&b, 0);
	g.p = (const unsigned char *)b.buf;
	g.end = g.p + b.len;
	g.bad = 0;
	assert_int_equal(sf_issue_decode(&g, out), -1);

	/* the status, the 12th field, past the last status */
	sf_buf_reset(&b);
	is->status = sf_enum_status.n;
	sf_issue_encode(&b, is);
	g.p = (const unsigned char *)b.buf;
	g.end = g.p + b.len;
	g.bad = 0;
	assert_int_equal(sf_issue_decode(&g, out), -1);
	sf_buf_release(&b);
	sf_issue_free(out);
	sf_issue_free(is);
}

static void
test_struct_sizes(void **state)
{
	(void)state;
	if (sizeof(void *) != 8 || sizeof(size_t) != 8 || sizeof(int) != 4) {
		skip();
		return;
	}
	assert_int_equal(sizeof(struct sf_issue), SIZE_ISSUE);
	assert_int_equal(sizeof(struct sf_task), SIZE_TASK);
	assert_int_equal(sizeof(struct sf_note), SIZE_NOTE);
	assert_int_equal(sizeof(struct sf_similar), SIZE_SIMILAR);
	assert_int_equal(sizeof(struct sf_screening), SIZE_SCREENING);
	assert_int_equal(sizeof(struct sf_escalation), SIZE_ESCALATION);
	assert_int_equal(sizeof(struct sf_closure), SIZE_CLOSURE);
	assert_int_equal(sizeof(struct sf_withdrawal), SIZE_WITHDRAWAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_round_trip),
		cmocka_unit_test(test_sparse_round_trip),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_struct_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
