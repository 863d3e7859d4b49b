/* Unit tests: lib/lifecycle.c, the table of actions and the judgements */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "config.h"
#include "enums.h"
#include "error.h"
#include "issue.h"
#include "lifecycle.h"
#include "meeting.h"
#include "units.h"

#define F "issues/2024/10/20241008-k3f9qa.yaml"
#define MF "meetings/2024/2024-11-19-monthly.yaml"

/* A freshly submitted issue (as in tests/unit/issue.c). */
#define HEAD \
	"id: 20241008-k3f9qa\n" \
	"title: 宁波舟山港某码头工程用海审批\n" \
	"submitted: 2024-10-08\n" \
	"submitter: ningbo\n" \
	"subject: soe\n" \
	"city: ningbo\n" \
	"program: major-5\n" \
	"topic: approval\n" \
	"jurisdiction: national\n" \
	"tried: [county, city]\n" \
	"source: unit\n" \
	"material:\n" \
	"  background: 项目情况。\n" \
	"  problem: 存在问题。\n" \
	"  prior: 前期协调。\n" \
	"  request: 诉求建议。\n"

static const char submitted[] = HEAD "status: submitted\n";

static const char accepted[] = HEAD
	"status: accepted\n"
	"screening:\n"
	"  date: 2024-10-09\n"
	"  by: tf-drc\n"
	"  priorities: [cross]\n"
	"  score: 2\n";

#define SCREENED \
	"screening:\n" \
	"  date: 2024-10-09\n" \
	"  by: tf-drc\n" \
	"  priorities: [cross]\n" \
	"  score: 2\n" \
	"meeting: 2024-10-15-monthly\n" \
	"decision: 加快报部审查。\n" \
	"tasks:\n"

/*
 * Coordinated at the meeting of 2024-10-15 (held that day, minutes
 * issued 2024-10-18): task 1 led by dept-nr with ningbo, task 2 led by
 * dept-eco with dept-transport; both open.
 */
static const char coordinated[] = HEAD
	"status: coordinated\n"
	SCREENED
	"- 'no': 1\n"
	"  action: 加快用海报部审查\n"
	"  lead: dept-nr\n"
	"  support: [ningbo]\n"
	"  due: 2024-11-30\n"
	"  status: open\n"
	"  progress:\n"
	"  - date: 2024-11-01\n"
	"    note: 已报自然资源部审查\n"
	"- 'no': 2\n"
	"  action: 同步推进环评审批\n"
	"  lead: dept-eco\n"
	"  support: [dept-transport]\n"
	"  due: 2024-12-31\n"
	"  status: open\n";

/* The same issue closed as resolved, every task done. */
static const char closed[] = HEAD
	"status: closed\n"
	SCREENED
	"- 'no': 1\n"
	"  action: 加快用海报部审查\n"
	"  lead: dept-nr\n"
	"  support: [ningbo]\n"
	"  due: 2024-11-30\n"
	"  status: done\n"
	"  done: 2024-11-20\n"
	"  progress:\n"
	"  - date: 2024-11-01\n"
	"    note: 已报自然资源部审查\n"
	"- 'no': 2\n"
	"  action: 同步推进环评审批\n"
	"  lead: dept-eco\n"
	"  support: [dept-transport]\n"
	"  due: 2024-12-31\n"
	"  status: done\n"
	"  done: 2024-12-20\n"
	"closure:\n"
	"  date: 2024-12-25\n"
	"  reason: resolved\n";

static const char draft[] =
	"id: 2024-11-19-monthly\n"
	"kind: monthly\n"
	"date: 2024-11-19\n"
	"status: draft\n"
	"convener: 省政府分管副秘书长\n"
	"organisers: [tf-office, tf-drc]\n"
	"items:\n"
	"- issue: 20241009-w7m2xd\n"
	"- issue: 20241022-c4n7kq\n";

static struct sf_units *units;
static struct sf_config *config;

static int
setup(void **state)
{
	(void)state;
	if (sf_units_parse("units.yaml", sf_default_units_yaml,
	    strlen(sf_default_units_yaml), &units) < 0)
		return -1;
	return sf_config_parse(".sanfen/config.yaml", sf_default_config_yaml,
	    strlen(sf_default_config_yaml), &config);
}

static int
teardown(void **state)
{
	(void)state;
	sf_units_free(units);
	sf_config_free(config);
	return 0;
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
issue(const char *text)
{
	struct sf_issue *is = NULL;

	if (sf_issue_parse(F, text, strlen(text), units, SF_ISSUE_FULL,
	    &is) < 0)
		fail_msg("%s: %s", F, sf_error_message());
	assert_non_null(is);
	return is;
}

/* issue() of text with old replaced by new */
static struct sf_issue *
issue_subst(const char *text, const char *old, const char *new)
{
	char *s = subst(text, old, new);
	struct sf_issue *is = issue(s);

	free(s);
	return is;
}

static struct sf_meeting *
meeting(const char *text)
{
	struct sf_meeting *m = NULL;

	if (sf_meeting_parse(MF, text, strlen(text), units, &m) < 0)
		fail_msg("%s: %s", MF, sf_error_message());
	assert_non_null(m);
	return m;
}

/* The meeting of 2024-10-15: held that day, minutes issued three days on */
static int
dates_1015(void *ctx, const char *id, char held[11], char issued[11])
{
	int *calls = ctx;

	if (calls)
		(*calls)++;
	if (strcmp(id, "2024-10-15-monthly") != 0)
		return -1;
	snprintf(held, 11, "%s", "2024-10-15");
	snprintf(issued, 11, "%s", "2024-10-18");
	return 0;
}

static void
judge_init(struct sf_judge *j, int action, const char *by)
{
	memset(j, 0, sizeof(*j));
	j->action = action;
	j->units = units;
	j->config = config;
	j->by = by ? sf_units_find(units, by) : NULL;
	if (by)
		assert_non_null(j->by);
	j->limit = "2024-12-31";
	j->meeting_dates = dates_1015;
	j->ctx = NULL;
}

/* A judgement that is 0, with the row that explains it. */
static void
allowed(struct sf_judge *j, int rc)
{
	if (rc != 0)
		fail_msg("refused: %s: %s (%s)", j->field, j->why,
		    sf_error_message());
	assert_string_equal(j->field, "");
	assert_string_equal(j->why, "");
}

/* A refusal naming field, its rule mentioning each of words (or NULL). */
static void
refused(struct sf_judge *j, int rc, const char *field, const char *word)
{
	if (rc != SF_EREFUSED)
		fail_msg("want refused at %s, got %d (field '%s')", field, rc,
		    j->field);
	assert_string_equal(j->field, field);
	assert_true(j->why[0] != '\0');
	if (word && !strstr(j->why, word))
		fail_msg("'%s' not in the rule: %s", word, j->why);
	/* the last error names the file and the field */
	assert_non_null(strstr(sf_error_message(), field));
	sf_error_clear();
}

/* Actions */

static void
action_names(void **state)
{
	int a;

	(void)state;
	for (a = 0; a < SF_ACT_COUNT; a++) {
		const char *name = sf_action_name(a);

		assert_non_null(name);
		assert_int_equal(sf_action_lookup(name), a);
	}
	assert_string_equal(sf_action_name(SF_ACT_SCREEN), "screen");
	assert_string_equal(sf_action_name(SF_ACT_AGENDA_PROPOSE),
	    "agenda-propose");
	assert_string_equal(sf_action_name(SF_ACT_MINUTES_ISSUE),
	    "minutes-issue");
	assert_int_equal(sf_action_lookup("close"), SF_ACT_CLOSE);
	assert_null(sf_action_name(-1));
	assert_null(sf_action_name(SF_ACT_COUNT));
	assert_int_equal(sf_action_lookup("Screen"), -1);
	assert_int_equal(sf_action_lookup("screen "), -1);
	assert_int_equal(sf_action_lookup(""), -1);
	assert_int_equal(sf_action_lookup("approve"), -1);
	assert_int_equal(sf_action_lookup(NULL), -1);
}

static void
rows_are(int action, int meeting, size_t want)
{
	const struct sf_rule *r;
	size_t n = 99, i;

	r = sf_rules(action, meeting, &n);
	if (n != want)
		fail_msg("%s on %s: %zu rows, want %zu", sf_action_name(action),
		    meeting ? "meetings" : "issues", n, want);
	if (!want) {
		assert_null(r);
		return;
	}
	assert_non_null(r);
	for (i = 0; i < n; i++) {
		assert_int_equal(r[i].action, action);
		assert_int_equal(r[i].meeting, meeting);
		assert_true(r[i].from != 0);
		assert_true(r[i].fields != 0);
		assert_true(r[i].who != 0);
	}
}

static void
rules_table(void **state)
{
	const struct sf_rule *r;
	size_t n;

	(void)state;
	/* every action that changes an issue */
	rows_are(SF_ACT_SUBMIT, 0, 1);
	rows_are(SF_ACT_EDIT, 0, 2);
	rows_are(SF_ACT_SCREEN, 0, 1);
	rows_are(SF_ACT_AGENDA_NEW, 0, 1);
	rows_are(SF_ACT_AGENDA_ADD, 0, 1);
	rows_are(SF_ACT_AGENDA_DROP, 0, 2);
	rows_are(SF_ACT_MINUTES_ISSUE, 0, 2);
	rows_are(SF_ACT_PROGRESS, 0, 1);
	rows_are(SF_ACT_SUPERVISE, 0, 1);
	rows_are(SF_ACT_ESCALATE, 0, 1);
	rows_are(SF_ACT_CLOSE, 0, 1);
	rows_are(SF_ACT_WITHDRAW, 0, 1);
	/* and none that does not */
	rows_are(SF_ACT_INIT, 0, 0);
	rows_are(SF_ACT_SYNC, 0, 0);
	rows_are(SF_ACT_ADMIN, 0, 0);
	rows_are(SF_ACT_AGENDA_PROPOSE, 0, 0);
	rows_are(SF_ACT_AGENDA_APPROVE, 0, 0);
	rows_are(SF_ACT_MINUTES_RECORD, 0, 0);
	rows_are(SF_ACT_MINUTES_APPROVE, 0, 0);
	/* every action that changes a meeting */
	rows_are(SF_ACT_AGENDA_NEW, 1, 1);
	rows_are(SF_ACT_AGENDA_ADD, 1, 1);
	rows_are(SF_ACT_AGENDA_DROP, 1, 2);
	rows_are(SF_ACT_AGENDA_PROPOSE, 1, 1);
	rows_are(SF_ACT_AGENDA_APPROVE, 1, 1);
	rows_are(SF_ACT_MINUTES_RECORD, 1, 1);
	rows_are(SF_ACT_MINUTES_APPROVE, 1, 1);
	rows_are(SF_ACT_MINUTES_ISSUE, 1, 1);
	rows_are(SF_ACT_INIT, 1, 0);
	rows_are(SF_ACT_SUBMIT, 1, 0);
	rows_are(SF_ACT_PROGRESS, 1, 0);
	rows_are(SF_ACT_SYNC, 1, 0);
	rows_are(SF_ACT_ADMIN, 1, 0);
	/* out of range */
	rows_are(-1, 0, 0);
	rows_are(SF_ACT_COUNT, 0, 0);

	/* a few rows as SPEC §4 has them */
	r = sf_rules(SF_ACT_SUBMIT, 0, &n);
	assert_int_equal(r->from, SF_NONE);
	assert_int_equal(r->to, 1u << SF_ST_SUBMITTED);
	assert_true(r->who & SF_WHO_SUBMITTER);
	r = sf_rules(SF_ACT_SCREEN, 0, &n);
	assert_int_equal(r->who, SF_WHO_ROLE(SF_ROLE_SCREEN));
	r = sf_rules(SF_ACT_CLOSE, 0, &n);
	assert_int_equal(r->to, 1u << SF_ST_CLOSED);
	assert_int_equal(r->who, SF_WHO_ROLE(SF_ROLE_CLOSE));
	r = sf_rules(SF_ACT_AGENDA_PROPOSE, 1, &n);
	assert_int_equal(r->from, 1u << SF_MS_DRAFT);
	assert_int_equal(r->to, 1u << SF_MS_PROPOSED);
}

/* Submit */

static void
submit(void **state)
{
	struct sf_issue *new = issue(submitted);
	struct sf_judge j;

	(void)state;
	judge_init(&j, SF_ACT_SUBMIT, "ningbo");
	allowed(&j, sf_judge_issue(&j, F, NULL, new));
	assert_non_null(j.row);
	assert_int_equal(j.row->action, SF_ACT_SUBMIT);
	assert_true(j.changed & (1u << SF_F_ID));
	assert_true(j.changed & (1u << SF_F_CONTENT));

	/* another city may not submit ningbo's issue */
	judge_init(&j, SF_ACT_SUBMIT, "hangzhou");
	refused(&j, sf_judge_issue(&j, F, NULL, new), "id", "submitter");
	assert_non_null(strstr(j.why, "hangzhou"));
	assert_non_null(strstr(j.why, "submit"));
	assert_null(j.row);

	/* an organiser may (a leader's instruction, a task force's find) */
	judge_init(&j, SF_ACT_SUBMIT, "tf-drc");
	allowed(&j, sf_judge_issue(&j, F, NULL, new));

	/* nobody at all may not */
	judge_init(&j, SF_ACT_SUBMIT, NULL);
	refused(&j, sf_judge_issue(&j, F, NULL, new), "id", "Sanfen-Unit");

	/* nor may a submission be dated after the change */
	judge_init(&j, SF_ACT_SUBMIT, "ningbo");
	j.limit = "2024-10-07";
	refused(&j, sf_judge_issue(&j, F, NULL, new), "submitted",
	    "2024-10-07");

	/* a submission is not a screening */
	judge_init(&j, SF_ACT_SCREEN, "tf-drc");
	refused(&j, sf_judge_issue(&j, F, NULL, new), "status", "create");
	sf_issue_free(new);
}

/* Screen */

static void
screen(void **state)
{
	struct sf_issue *old = issue(submitted), *new = issue(accepted);
	struct sf_issue *retitled = issue_subst(accepted,
	    "title: 宁波舟山港某码头工程用海审批", "title: 另一个标题");
	struct sf_judge j;

	(void)state;
	judge_init(&j, SF_ACT_SCREEN, "tf-drc");
	allowed(&j, sf_judge_issue(&j, F, old, new));
	assert_non_null(j.row);
	assert_int_equal(j.row->action, SF_ACT_SCREEN);
	assert_int_equal(j.changed, 1u << SF_F_STATUS |
	    1u << SF_F_SCREENING);

	judge_init(&j, SF_ACT_SCREEN, "ningbo");
	refused(&j, sf_judge_issue(&j, F, old, new), "status", "screen");
	assert_non_null(strstr(j.why, "ningbo"));

	/* the screener may not retitle the issue in passing */
	judge_init(&j, SF_ACT_SCREEN, "tf-drc");
	refused(&j, sf_judge_issue(&j, F, old, retitled), "title",
	    "may not change");

	/* the same change under another name is refused */
	judge_init(&j, SF_ACT_CLOSE, "tf-drc");
	refused(&j, sf_judge_issue(&j, F, old, new), "status", "submitted");

	/* nothing changed: nothing to refuse */
	judge_init(&j, SF_ACT_SCREEN, "ningbo");
	allowed(&j, sf_judge_issue(&j, F, new, new));
	assert_int_equal(j.changed, 0);
	sf_issue_free(old);
	sf_issue_free(new);
	sf_issue_free(retitled);
}

/* Progress */

#define NOTE1 \
	"  - date: 2024-11-01\n" \
	"    note: 已报自然资源部审查\n"
#define NOTE2 NOTE1 \
	"  - date: 2024-11-15\n" \
	"    note: 部里已受理\n"

static void
progress_note(void **state)
{
	struct sf_issue *old = issue(coordinated);
	struct sf_issue *new = issue_subst(coordinated, NOTE1, NOTE2);
	struct sf_judge j;

	(void)state;
	/* the lead */
	judge_init(&j, SF_ACT_PROGRESS, "dept-nr");
	allowed(&j, sf_judge_issue(&j, F, old, new));
	assert_int_equal(j.changed, 1u << SF_F_PROGRESS);
	/* a supporting unit */
	judge_init(&j, SF_ACT_PROGRESS, "ningbo");
	allowed(&j, sf_judge_issue(&j, F, old, new));
	/* an organiser */
	judge_init(&j, SF_ACT_PROGRESS, "tf-office");
	allowed(&j, sf_judge_issue(&j, F, old, new));

	/* the lead of another task is neither lead nor support of task 1 */
	judge_init(&j, SF_ACT_PROGRESS, "dept-eco");
	refused(&j, sf_judge_issue(&j, F, old, new), "tasks[1].progress",
	    "lead or supporting unit");
	judge_init(&j, SF_ACT_PROGRESS, "hangzhou");
	refused(&j, sf_judge_issue(&j, F, old, new), "tasks[1].progress",
	    "hangzhou");

	/* a note is not a supervision */
	judge_init(&j, SF_ACT_SUPERVISE, "tf-drc");
	refused(&j, sf_judge_issue(&j, F, old, new), "tasks[1].progress",
	    "may not change");
	sf_issue_free(old);
	sf_issue_free(new);
}

static void
progress_may_not_move_the_deadline(void **state)
{
	struct sf_issue *old = issue(coordinated);
	struct sf_issue *new = issue_subst(coordinated, "  due: 2024-11-30\n",
	    "  due: 2025-01-31\n");
	struct sf_judge j;

	(void)state;
	judge_init(&j, SF_ACT_PROGRESS, "dept-nr");
	refused(&j, sf_judge_issue(&j, F, old, new), "tasks[1].due",
	    "may not change");
	/* not even an organiser's progress */
	judge_init(&j, SF_ACT_PROGRESS, "tf-office");
	refused(&j, sf_judge_issue(&j, F, old, new), "tasks[1].due",
	    "may not change");
	assert_true(j.changed & (1u << SF_F_TASKS));
	sf_issue_free(old);
	sf_issue_free(new);
}

static void
progress_may_not_rewrite(void **state)
{
	struct sf_issue *old = issue(coordinated);
	struct sf_issue *reworded = issue_subst(coordinated,
	    "    note: 已报自然资源部审查\n", "    note: 已获批复\n");
	struct sf_issue *redated = issue_subst(coordinated,
	    "  - date: 2024-11-01\n", "  - date: 2024-11-02\n");
	struct sf_issue *dropped = issue_subst(coordinated, "  progress:\n"
	    NOTE1, "");
	struct sf_judge j;

	(void)state;
	judge_init(&j, SF_ACT_PROGRESS, "dept-nr");
	refused(&j, sf_judge_issue(&j, F, old, reworded), "tasks[1].progress",
	    "may not change");
	assert_true(j.changed & (1u << SF_F_REWRITE));
	judge_init(&j, SF_ACT_PROGRESS, "dept-nr");
	refused(&j, sf_judge_issue(&j, F, old, redated), "tasks[1].progress",
	    "may not change");
	judge_init(&j, SF_ACT_PROGRESS, "tf-office");
	refused(&j, sf_judge_issue(&j, F, old, dropped), "tasks[1].progress",
	    "may not change");
	sf_issue_free(old);
	sf_issue_free(reworded);
	sf_issue_free(redated);
	sf_issue_free(dropped);
}

/* coordinated with task 1 done on date */
static struct sf_issue *
done_on(const char *date)
{
	struct sf_buf b = SF_BUF_INIT;
	struct sf_issue *is;

	sf_buf_addf(&b, "  status: done\n  done: %s\n  progress:\n", date);
	is = issue_subst(coordinated, "  status: open\n  progress:\n", b.buf);
	sf_buf_release(&b);
	return is;
}

static void
progress_done_dates(void **state)
{
	struct sf_issue *old = issue(coordinated);
	struct sf_issue *ok = done_on("2024-11-20");
	struct sf_issue *late = done_on("2025-01-10");
	struct sf_issue *early = done_on("2024-10-12");
	struct sf_judge j;
	int calls = 0;

	(void)state;
	judge_init(&j, SF_ACT_PROGRESS, "dept-nr");
	j.ctx = &calls;
	allowed(&j, sf_judge_issue(&j, F, old, ok));
	assert_int_equal(j.changed, 1u << SF_F_DONE);
	assert_true(calls > 0);

	/* after the date of the change (today, or the commit's date) */
	judge_init(&j, SF_ACT_PROGRESS, "dept-nr");
	refused(&j, sf_judge_issue(&j, F, old, late), "tasks[1].done",
	    "2024-12-31");
	assert_non_null(strstr(j.why, "2025-01-10"));
	/* the same on the limit itself is fine */
	judge_init(&j, SF_ACT_PROGRESS, "dept-nr");
	j.limit = "2025-01-10";
	allowed(&j, sf_judge_issue(&j, F, old, late));

	/* before the meeting that set the task was held: the date comes
	 * from the meeting, not from the issue (submitted 2024-10-08) */
	judge_init(&j, SF_ACT_PROGRESS, "dept-nr");
	refused(&j, sf_judge_issue(&j, F, old, early), "tasks[1].done",
	    "2024-10-15");
	assert_non_null(strstr(j.why, "2024-10-12"));
	judge_init(&j, SF_ACT_PROGRESS, "dept-nr");
	j.meeting_dates = NULL;
	allowed(&j, sf_judge_issue(&j, F, old, early));

	/* done by someone else's task's lead */
	judge_init(&j, SF_ACT_PROGRESS, "dept-eco");
	refused(&j, sf_judge_issue(&j, F, old, ok), "tasks[1].status",
	    "lead or supporting unit");

	/* and a done task is not reopened */
	judge_init(&j, SF_ACT_PROGRESS, "dept-nr");
	refused(&j, sf_judge_issue(&j, F, ok, old), "tasks[1].status",
	    "may not change");
	sf_issue_free(old);
	sf_issue_free(ok);
	sf_issue_free(late);
	sf_issue_free(early);
}

/* Close */

/* closed with the closure dropped: coordinated, every task done */
static char *
all_done(void)
{
	char *a = subst(closed, "status: closed\n", "status: coordinated\n");
	char *b = subst(a, "closure:\n  date: 2024-12-25\n"
	    "  reason: resolved\n", "");

	free(a);
	return b;
}

/* task 2 of is open again (no file may say so when closed as resolved) */
static void
reopen_task2(struct sf_issue *is)
{
	assert_int_equal(is->tasks[1].no, 2);
	is->tasks[1].status = SF_TASK_OPEN;
	is->tasks[1].done = NULL;
}

static void
close_issue(void **state)
{
	char *text = all_done();
	struct sf_issue *old = issue(text), *old_open = issue(text);
	struct sf_issue *done = issue(closed), *open = issue(closed);
	struct sf_issue *national = issue_subst(closed, "  reason: resolved\n",
	    "  reason: national\n  note: 须报国务院审批\n");
	struct sf_judge j;

	(void)state;
	judge_init(&j, SF_ACT_CLOSE, "tf-drc");
	allowed(&j, sf_judge_issue(&j, F, old, done));
	assert_int_equal(j.row->action, SF_ACT_CLOSE);
	assert_int_equal(j.changed, 1u << SF_F_STATUS | 1u << SF_F_CLOSURE);
	judge_init(&j, SF_ACT_CLOSE, "tf-office");
	allowed(&j, sf_judge_issue(&j, F, old, national));

	/* the close role, not the submitter nor a task's lead */
	judge_init(&j, SF_ACT_CLOSE, "ningbo");
	refused(&j, sf_judge_issue(&j, F, old, done), "status",
	    "the role close");
	judge_init(&j, SF_ACT_CLOSE, "dept-nr");
	refused(&j, sf_judge_issue(&j, F, old, done), "status",
	    "the role close");

	/* resolved while task 2 is still open */
	reopen_task2(old_open);
	reopen_task2(open);
	judge_init(&j, SF_ACT_CLOSE, "tf-drc");
	refused(&j, sf_judge_issue(&j, F, old_open, open), "closure.reason",
	    "task 2");

	/* another reason needs a note */
	national->closure->note = NULL;
	judge_init(&j, SF_ACT_CLOSE, "tf-drc");
	refused(&j, sf_judge_issue(&j, F, old, national), "closure.note",
	    "national");
	national->closure->note = "";
	judge_init(&j, SF_ACT_CLOSE, "tf-drc");
	refused(&j, sf_judge_issue(&j, F, old, national), "closure.note",
	    "Art. 13");

	/* the tasks are not marked done on the way: that is progress */
	judge_init(&j, SF_ACT_CLOSE, "tf-drc");
	{
		struct sf_issue *coord = issue(coordinated);

		refused(&j, sf_judge_issue(&j, F, coord, done),
		    "tasks[1].status", "may not change");
		sf_issue_free(coord);
	}

	/* closed before the minutes that coordinated it were issued */
	done->closure->date = "2024-10-16";
	judge_init(&j, SF_ACT_CLOSE, "tf-drc");
	refused(&j, sf_judge_issue(&j, F, old, done), "closure.date",
	    "2024-10-18");
	free(text);
	sf_issue_free(old);
	sf_issue_free(old_open);
	sf_issue_free(done);
	sf_issue_free(open);
	sf_issue_free(national);
}

static void
close_reason_not_in_rules(void **state)
{
	char *text = all_done();
	struct sf_issue *old = issue(text);
	struct sf_issue *new = issue_subst(closed, "  reason: resolved\n",
	    "  reason: national\n  note: 须报国务院审批\n");
	struct sf_config c;
	struct sf_judge j;

	(void)state;
	c = *config;
	c.closure_reasons = 1u << SF_RS_RESOLVED;
	judge_init(&j, SF_ACT_CLOSE, "tf-drc");
	j.config = &c;
	refused(&j, sf_judge_issue(&j, F, old, new), "closure.reason",
	    "closure_reasons");
	free(text);
	sf_issue_free(old);
	sf_issue_free(new);
}

/* Edit, withdraw and the dates of entries */

static void
edit_and_withdraw(void **state)
{
	struct sf_issue *sub = issue(submitted), *acc = issue(accepted);
	struct sf_issue *sub2 = issue_subst(submitted,
	    "  problem: 存在问题。\n", "  problem: 存在问题，补充说明。\n");
	struct sf_issue *acc2 = issue_subst(accepted,
	    "  problem: 存在问题。\n", "  problem: 存在问题，补充说明。\n");
	struct sf_issue *gone = issue_subst(submitted, "status: submitted\n",
	    "status: withdrawn\nwithdrawal:\n  date: 2024-10-10\n"
	    "  note: 已自行解决\n");
	struct sf_judge j;

	(void)state;
	/* the submitter corrects a submission until it is screened */
	judge_init(&j, SF_ACT_EDIT, "ningbo");
	allowed(&j, sf_judge_issue(&j, F, sub, sub2));
	assert_int_equal(j.changed, 1u << SF_F_CONTENT);
	/* after that only an organiser */
	judge_init(&j, SF_ACT_EDIT, "ningbo");
	refused(&j, sf_judge_issue(&j, F, acc, acc2), "material",
	    "an organiser");
	judge_init(&j, SF_ACT_EDIT, "tf-office");
	allowed(&j, sf_judge_issue(&j, F, acc, acc2));
	/* an edit does not move the status */
	judge_init(&j, SF_ACT_EDIT, "tf-office");
	refused(&j, sf_judge_issue(&j, F, sub, acc), "status",
	    "does not move");

	judge_init(&j, SF_ACT_WITHDRAW, "ningbo");
	allowed(&j, sf_judge_issue(&j, F, sub, gone));
	judge_init(&j, SF_ACT_WITHDRAW, "hangzhou");
	refused(&j, sf_judge_issue(&j, F, sub, gone), "status", "submitter");
	/* not dated before it was submitted */
	gone->withdrawal->date = "2024-10-01";
	judge_init(&j, SF_ACT_WITHDRAW, "ningbo");
	refused(&j, sf_judge_issue(&j, F, sub, gone), "withdrawal.date",
	    "2024-10-08");
	sf_issue_free(sub);
	sf_issue_free(acc);
	sf_issue_free(sub2);
	sf_issue_free(acc2);
	sf_issue_free(gone);
}

static void
entry_dates(void **state)
{
	struct sf_issue *old = issue(coordinated), *sub = issue(submitted);
	struct sf_issue *early = issue_subst(coordinated, NOTE1, NOTE1
	    "  - date: 2024-10-14\n    note: 会前已报\n");
	struct sf_issue *late = issue_subst(coordinated, NOTE1, NOTE1
	    "  - date: 2025-01-02\n    note: 明年\n");
	struct sf_issue *prescreened = issue_subst(accepted,
	    "  date: 2024-10-09\n", "  date: 2024-10-07\n");
	struct sf_judge j;

	(void)state;
	judge_init(&j, SF_ACT_PROGRESS, "dept-nr");
	refused(&j, sf_judge_issue(&j, F, old, early),
	    "tasks[1].progress[2].date", "2024-10-15");
	judge_init(&j, SF_ACT_PROGRESS, "dept-nr");
	refused(&j, sf_judge_issue(&j, F, old, late),
	    "tasks[1].progress[2].date", "2024-12-31");
	judge_init(&j, SF_ACT_SCREEN, "tf-drc");
	refused(&j, sf_judge_issue(&j, F, sub, prescreened),
	    "screening.date", "submitted");
	sf_issue_free(old);
	sf_issue_free(sub);
	sf_issue_free(early);
	sf_issue_free(late);
	sf_issue_free(prescreened);
}

/* Removal */

static void
file_never_removed(void **state)
{
	struct sf_issue *old = issue(submitted), *acc = issue(accepted);
	struct sf_judge j;

	(void)state;
	judge_init(&j, SF_ACT_WITHDRAW, "ningbo");
	refused(&j, sf_judge_issue(&j, F, old, NULL), "(file)",
	    "never removed");
	judge_init(&j, SF_ACT_CLOSE, "tf-office");
	refused(&j, sf_judge_issue(&j, F, acc, NULL), "(file)",
	    "never removed");
	/* an action without rows for issues says so */
	judge_init(&j, SF_ACT_SYNC, "tf-office");
	refused(&j, sf_judge_issue(&j, F, old, NULL), "id", "'sync'");
	sf_issue_free(old);
	sf_issue_free(acc);
}

static void
no_rows_for_issues(void **state)
{
	struct sf_issue *old = issue(submitted), *new = issue(accepted);
	struct sf_judge j;

	(void)state;
	judge_init(&j, SF_ACT_ADMIN, "tf-office");
	refused(&j, sf_judge_issue(&j, F, old, new), "status",
	    "does not change issues");
	judge_init(&j, SF_ACT_INIT, "tf-office");
	refused(&j, sf_judge_issue(&j, F, NULL, old), "id",
	    "does not change issues");
	sf_issue_free(old);
	sf_issue_free(new);
}

/* Meetings */

static void
meetings(void **state)
{
	struct sf_meeting *old = meeting(draft), *proposed, *issued;
	struct sf_judge j;
	char *text = subst(draft, "status: draft", "status: proposed");

	(void)state;
	proposed = meeting(text);
	judge_init(&j, SF_ACT_AGENDA_PROPOSE, "tf-drc");
	allowed(&j, sf_judge_meeting(&j, MF, old, proposed));
	assert_int_equal(j.changed, 1u << SF_F_STATUS);
	assert_int_equal(j.row->action, SF_ACT_AGENDA_PROPOSE);
	assert_int_equal(j.row->meeting, 1);

	/* the role agenda, not any unit */
	judge_init(&j, SF_ACT_AGENDA_PROPOSE, "ningbo");
	refused(&j, sf_judge_meeting(&j, MF, old, proposed), "status",
	    "the role agenda");

	/* a draft is not approved in one step, nor issued */
	issued = meeting(draft);
	issued->status = SF_MS_ISSUED;
	judge_init(&j, SF_ACT_AGENDA_APPROVE, "tf-drc");
	refused(&j, sf_judge_meeting(&j, MF, old, issued), "status",
	    "draft");
	judge_init(&j, SF_ACT_AGENDA_PROPOSE, "tf-drc");
	refused(&j, sf_judge_meeting(&j, MF, old, issued), "status",
	    "issued");

	/* an issue's action does not change meetings */
	judge_init(&j, SF_ACT_PROGRESS, "tf-drc");
	refused(&j, sf_judge_meeting(&j, MF, old, proposed), "status",
	    "does not change meetings");

	/* nor is a meeting removed */
	judge_init(&j, SF_ACT_AGENDA_DROP, "tf-drc");
	refused(&j, sf_judge_meeting(&j, MF, old, NULL), "(file)",
	    "never removed");
	free(text);
	sf_meeting_free(old);
	sf_meeting_free(proposed);
	sf_meeting_free(issued);
}

/* An issue's place as the test sets it: "id@meeting" in a list of the
 * issues scheduled, one a line; calls counted. */
struct places {
	const char *scheduled;
	int calls;
};

static int
scheduled_in(void *ctx, const char *issue, const char *meeting)
{
	struct places *p = ctx;
	char key[160];

	p->calls++;
	snprintf(key, sizeof(key), "%s@%s\n", issue, meeting);
	return strstr(p->scheduled, key) != NULL;
}

/* agenda-drop after the draft: only items whose issue is not scheduled
 * for the meeting (SF_ONLY_DEAD_ITEMS); until the minutes are issued */
static void
drop_dead_items(void **state)
{
	static const int stages[] = { SF_MS_PROPOSED, SF_MS_APPROVED,
		SF_MS_HELD, SF_MS_MINUTES_APPROVED };
	struct sf_meeting *old = meeting(draft), *new = meeting(draft);
	struct places live = { "20241009-w7m2xd@2024-11-19-monthly\n"
		"20241022-c4n7kq@2024-11-19-monthly\n", 0 };
	struct places dead = { "20241022-c4n7kq@2024-11-19-monthly\n"
		"20241009-w7m2xd@2024-12-19-monthly\n", 0 };
	const struct sf_rule *r;
	struct sf_judge j;
	size_t i, n;

	(void)state;
	/* the rows */
	r = sf_rules(SF_ACT_AGENDA_DROP, 1, &n);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].from, 1u << SF_MS_DRAFT);
	assert_int_equal(r[0].flags, 0);
	assert_int_equal(r[1].flags, SF_ONLY_DEAD_ITEMS);
	assert_int_equal(r[1].fields, 1u << SF_F_M_ITEMS);
	assert_false(r[1].from & (1u << SF_MS_ISSUED));
	assert_true(sf_action_takes(SF_ACT_AGENDA_DROP, 1, SF_MS_APPROVED));
	assert_false(sf_action_takes(SF_ACT_AGENDA_DROP, 1, SF_MS_ISSUED));
	assert_false(sf_action_takes(SF_ACT_AGENDA_ADD, 1, SF_MS_APPROVED));

	/* the first item dropped */
	memmove(&new->items[0], &new->items[1], sizeof(new->items[0]));
	new->nitems--;
	/* from a draft, whatever its issue: the draft's row asks nothing */
	judge_init(&j, SF_ACT_AGENDA_DROP, "tf-drc");
	j.scheduled_for = scheduled_in;
	j.ctx = &live;
	allowed(&j, sf_judge_meeting(&j, MF, old, new));
	assert_int_equal(live.calls, 0);
	for (i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
		old->status = new->status = stages[i];
		/* an issue scheduled for the meeting: its minutes apply */
		judge_init(&j, SF_ACT_AGENDA_DROP, "tf-drc");
		j.scheduled_for = scheduled_in;
		j.ctx = &live;
		refused(&j, sf_judge_meeting(&j, MF, old, new),
		    "items[20241009-w7m2xd]", "withdrawn or closed");
		/* one on another meeting (or withdrawn): dropped */
		judge_init(&j, SF_ACT_AGENDA_DROP, "tf-drc");
		j.scheduled_for = scheduled_in;
		j.ctx = &dead;
		allowed(&j, sf_judge_meeting(&j, MF, old, new));
		assert_int_equal(j.row->flags, SF_ONLY_DEAD_ITEMS);
		/* with no way to know, never */
		judge_init(&j, SF_ACT_AGENDA_DROP, "tf-drc");
		refused(&j, sf_judge_meeting(&j, MF, old, new),
		    "items[20241009-w7m2xd]", NULL);
		/* by the role agenda only */
		judge_init(&j, SF_ACT_AGENDA_DROP, "ningbo");
		j.scheduled_for = scheduled_in;
		j.ctx = &dead;
		refused(&j, sf_judge_meeting(&j, MF, old, new), "items",
		    "the role agenda");
		/* nothing added: an item is taken off, never put on */
		judge_init(&j, SF_ACT_AGENDA_DROP, "tf-drc");
		j.scheduled_for = scheduled_in;
		j.ctx = &dead;
		refused(&j, sf_judge_meeting(&j, MF, new, old),
		    "items[20241009-w7m2xd]", "only takes items off");
	}
	/* nor what was recorded for the items kept */
	old->status = new->status = SF_MS_HELD;
	new->items[0].decision = "加快办理。";
	judge_init(&j, SF_ACT_AGENDA_DROP, "tf-drc");
	j.scheduled_for = scheduled_in;
	j.ctx = &dead;
	refused(&j, sf_judge_meeting(&j, MF, old, new),
	    "items[20241022-c4n7kq]", "may not change");
	/* once the minutes are issued, nothing */
	new->items[0].decision = NULL;
	old->status = new->status = SF_MS_ISSUED;
	judge_init(&j, SF_ACT_AGENDA_DROP, "tf-drc");
	j.scheduled_for = scheduled_in;
	j.ctx = &dead;
	refused(&j, sf_judge_meeting(&j, MF, old, new), "items", "issued");
	sf_meeting_free(old);
	sf_meeting_free(new);
}

/* the issue's side of dropping a dead item: a withdrawn issue loses its
 * reference to the meeting, and nothing else */
static void
drop_withdrawn_issue(void **state)
{
	struct sf_issue *on = issue_subst(accepted, "status: accepted\n",
	    "status: withdrawn\nmeeting: 2024-11-19-monthly\nwithdrawal:\n"
	    "  date: 2024-10-10\n  note: 已自行解决\n");
	struct sf_issue *off = issue_subst(accepted, "status: accepted\n",
	    "status: withdrawn\nwithdrawal:\n"
	    "  date: 2024-10-10\n  note: 已自行解决\n");
	struct sf_issue *back = issue_subst(accepted, "status: accepted\n",
	    "status: accepted\n");
	struct sf_issue *sched = issue_subst(accepted, "status: accepted\n",
	    "status: scheduled\nmeeting: 2024-11-19-monthly\n");
	struct sf_judge j;

	(void)state;
	assert_false(sf_issue_scheduled_for(on, "2024-11-19-monthly"));
	assert_true(sf_issue_scheduled_for(sched, "2024-11-19-monthly"));
	assert_false(sf_issue_scheduled_for(sched, "2024-12-19-monthly"));
	assert_false(sf_issue_scheduled_for(NULL, "2024-11-19-monthly"));
	assert_true(sf_action_takes(SF_ACT_AGENDA_DROP, 0, SF_ST_WITHDRAWN));
	judge_init(&j, SF_ACT_AGENDA_DROP, "tf-drc");
	allowed(&j, sf_judge_issue(&j, F, on, off));
	assert_int_equal(j.changed, 1u << SF_F_MEETING);
	assert_true(j.row->flags & SF_WITH_MEETING);
	/* not brought back to life */
	judge_init(&j, SF_ACT_AGENDA_DROP, "tf-drc");
	refused(&j, sf_judge_issue(&j, F, on, back), "status",
	    "does not move");
	/* nor its withdrawal touched */
	off->withdrawal->note = "另有安排";
	judge_init(&j, SF_ACT_AGENDA_DROP, "tf-drc");
	refused(&j, sf_judge_issue(&j, F, on, off), "withdrawal",
	    "may not change");
	/* by the role agenda only */
	off->withdrawal->note = on->withdrawal->note;
	judge_init(&j, SF_ACT_AGENDA_DROP, "ningbo");
	refused(&j, sf_judge_issue(&j, F, on, off), "meeting",
	    "the role agenda");
	sf_issue_free(on);
	sf_issue_free(off);
	sf_issue_free(back);
	sf_issue_free(sched);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(action_names),
		cmocka_unit_test(rules_table),
		cmocka_unit_test(submit),
		cmocka_unit_test(screen),
		cmocka_unit_test(progress_note),
		cmocka_unit_test(progress_may_not_move_the_deadline),
		cmocka_unit_test(progress_may_not_rewrite),
		cmocka_unit_test(progress_done_dates),
		cmocka_unit_test(close_issue),
		cmocka_unit_test(close_reason_not_in_rules),
		cmocka_unit_test(edit_and_withdraw),
		cmocka_unit_test(entry_dates),
		cmocka_unit_test(file_never_removed),
		cmocka_unit_test(no_rows_for_issues),
		cmocka_unit_test(meetings),
		cmocka_unit_test(drop_dead_items),
		cmocka_unit_test(drop_withdrawn_issue),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
