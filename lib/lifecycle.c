#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "date.h"
#include "enums.h"
#include "i18n.h"
#include "issue.h"
#include "lifecycle.h"
#include "meeting.h"
#include "units.h"

static const char *const action_names[SF_ACT_COUNT] = {
	"init", "submit", "edit", "screen", "agenda-new", "agenda-add",
	"agenda-drop", "agenda-propose", "agenda-approve", "minutes-record",
	"minutes-approve", "minutes-issue", "progress", "supervise",
	"escalate", "close", "withdraw", "sync", "admin",
};

const char *
sf_action_name(int action)
{
	return action >= 0 && action < SF_ACT_COUNT ? action_names[action] :
	    NULL;
}

int
sf_action_lookup(const char *name)
{
	int i;

	for (i = 0; name && i < SF_ACT_COUNT; i++)
		if (strcmp(name, action_names[i]) == 0)
			return i;
	return -1;
}

/* The table */

#define ST(s)	(1u << SF_ST_##s)
#define MS(s)	(1u << SF_MS_##s)
#define F(f)	(1u << SF_F_##f)
#define ROLE(r)	SF_WHO_ROLE(SF_ROLE_##r)
#define SAME	0u		/* to: the status stays as it was */

static const struct sf_rule rules[] = {
	/* issues */
	{ SF_ACT_SUBMIT, 0, SF_NONE, ST(SUBMITTED), F(ID) | F(CONTENT) |
	    F(STATUS), SF_WHO_SUBMITTER | SF_WHO_ORGANISER, 0 },
	{ SF_ACT_EDIT, 0, ST(SUBMITTED), SAME, F(CONTENT),
	    SF_WHO_SUBMITTER | SF_WHO_ORGANISER, 0 },
	{ SF_ACT_EDIT, 0, ST(ACCEPTED) | ST(SCHEDULED) | ST(COORDINATED) |
	    ST(ESCALATED), SAME, F(CONTENT), SF_WHO_ORGANISER, 0 },
	{ SF_ACT_SCREEN, 0, ST(SUBMITTED), ST(SUBMITTED) | ST(ACCEPTED) |
	    ST(REJECTED), F(STATUS) | F(SCREENING), ROLE(SCREEN), 0 },
	{ SF_ACT_AGENDA_NEW, 0, ST(ACCEPTED), ST(SCHEDULED), F(STATUS) |
	    F(MEETING), ROLE(AGENDA), SF_WITH_MEETING },
	{ SF_ACT_AGENDA_ADD, 0, ST(ACCEPTED), ST(SCHEDULED), F(STATUS) |
	    F(MEETING), ROLE(AGENDA), SF_WITH_MEETING },
	{ SF_ACT_AGENDA_DROP, 0, ST(SCHEDULED), ST(ACCEPTED), F(STATUS) |
	    F(MEETING), ROLE(AGENDA), SF_WITH_MEETING },
	/* an item whose issue was withdrawn meanwhile (a merge): its
	 * reference to the meeting goes with it */
	{ SF_ACT_AGENDA_DROP, 0, ST(WITHDRAWN), SAME, F(MEETING),
	    ROLE(AGENDA), SF_WITH_MEETING },
	{ SF_ACT_MINUTES_ISSUE, 0, ST(SCHEDULED), ST(COORDINATED), F(STATUS) |
	    F(DECISION) | F(TASKS), ROLE(MINUTES), SF_WITH_MEETING },
	{ SF_ACT_MINUTES_ISSUE, 0, ST(SCHEDULED), ST(ACCEPTED), F(STATUS) |
	    F(MEETING), ROLE(MINUTES), SF_WITH_MEETING },
	{ SF_ACT_PROGRESS, 0, ST(COORDINATED) | ST(ESCALATED), SAME,
	    F(PROGRESS) | F(DONE), SF_WHO_TASK | SF_WHO_ORGANISER, 0 },
	{ SF_ACT_SUPERVISE, 0, ST(COORDINATED) | ST(ESCALATED), SAME,
	    F(SUPERVISION), ROLE(SUPERVISE), 0 },
	{ SF_ACT_ESCALATE, 0, ST(COORDINATED), ST(ESCALATED), F(STATUS) |
	    F(ESCALATION), ROLE(SUPERVISE), 0 },
	{ SF_ACT_CLOSE, 0, ST(COORDINATED) | ST(ESCALATED), ST(CLOSED),
	    F(STATUS) | F(CLOSURE), ROLE(CLOSE), 0 },
	{ SF_ACT_WITHDRAW, 0, ST(SUBMITTED) | ST(ACCEPTED), ST(WITHDRAWN),
	    F(STATUS) | F(WITHDRAWAL), SF_WHO_SUBMITTER | ROLE(CLOSE), 0 },
	/* meetings */
	{ SF_ACT_AGENDA_NEW, 1, SF_NONE, MS(DRAFT), F(M_PLAN) | F(M_ITEMS) |
	    F(STATUS), ROLE(AGENDA), 0 },
	{ SF_ACT_AGENDA_ADD, 1, MS(DRAFT), SAME, F(M_ITEMS), ROLE(AGENDA), 0 },
	{ SF_ACT_AGENDA_DROP, 1, MS(DRAFT), SAME, F(M_ITEMS), ROLE(AGENDA),
	    0 },
	/* after the draft, until the minutes are issued: only an item the
	 * minutes could not apply to (its issue withdrawn or closed) */
	{ SF_ACT_AGENDA_DROP, 1, MS(PROPOSED) | MS(APPROVED) | MS(HELD) |
	    MS(MINUTES_APPROVED), SAME, F(M_ITEMS), ROLE(AGENDA),
	    SF_ONLY_DEAD_ITEMS },
	{ SF_ACT_AGENDA_PROPOSE, 1, MS(DRAFT), MS(PROPOSED), F(STATUS),
	    ROLE(AGENDA), 0 },
	{ SF_ACT_AGENDA_APPROVE, 1, MS(PROPOSED), MS(APPROVED), F(STATUS),
	    ROLE(AGENDA), 0 },
	{ SF_ACT_MINUTES_RECORD, 1, MS(APPROVED), MS(HELD), F(STATUS) |
	    F(M_RECORD), ROLE(MINUTES), 0 },
	{ SF_ACT_MINUTES_APPROVE, 1, MS(HELD), MS(MINUTES_APPROVED), F(STATUS) |
	    F(M_APPROVED), ROLE(MINUTES), 0 },
	{ SF_ACT_MINUTES_ISSUE, 1, MS(MINUTES_APPROVED), MS(ISSUED), F(STATUS) |
	    F(M_ISSUED), ROLE(MINUTES), 0 },
};

const struct sf_rule *
sf_rules(int action, int meeting, size_t *n)
{
	size_t i, k;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].action == action && rules[i].meeting == meeting)
			break;
	for (k = i; k < sizeof(rules) / sizeof(rules[0]) &&
	    rules[k].action == action && rules[k].meeting == meeting; k++)
		;
	*n = k - i;
	return *n ? &rules[i] : NULL;
}

static int
can(int meeting, int from, int to)
{
	size_t i;

	if (from < 0 || to < 0 || from >= 15 || to >= 15 || from == to)
		return 0;
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].meeting == meeting &&
		    (rules[i].from & (1u << from)) &&
		    (rules[i].to & (1u << to)))
			return 1;
	return 0;
}

int
sf_action_takes(int action, int meeting, int status)
{
	const struct sf_rule *r;
	size_t n, i;

	if (status < 0 || status >= 15 || !(r = sf_rules(action, meeting, &n)))
		return 0;
	for (i = 0; i < n; i++)
		if (r[i].from & (1u << status))
			return 1;
	return 0;
}

int
sf_issue_scheduled_for(const struct sf_issue *is, const char *id)
{
	return is && is->status == SF_ST_SCHEDULED && is->meeting && id &&
	    strcmp(is->meeting, id) == 0;
}

int
sf_status_can(int from, int to)
{
	return can(0, from, to);
}

int
sf_meeting_status_can(int from, int to)
{
	return can(1, from, to);
}

/* The comparison of two versions */

struct delta {
	unsigned changed;
	char path[SF_F_COUNT][96];	/* the first key of each field */
	int tasks[64];			/* task numbers whose progress or
					 * done changed */
	size_t ntasks;
};

static void
mark(struct delta *d, int field, const char *fmt, ...)
{
	va_list ap;

	if (d->changed & (1u << field))
		return;
	d->changed |= 1u << field;
	va_start(ap, fmt);
	vsnprintf(d->path[field], sizeof(d->path[field]), fmt, ap);
	va_end(ap);
}

static void
touch_task(struct delta *d, int no)
{
	size_t i;

	for (i = 0; i < d->ntasks; i++)
		if (d->tasks[i] == no)
			return;
	if (d->ntasks < sizeof(d->tasks) / sizeof(d->tasks[0]))
		d->tasks[d->ntasks++] = no;
}

static const char *
str_of(const struct sf_node *n)
{
	return n && n->kind == SF_NODE_SCALAR ? n->str : "";
}

/* A list of entries that may only grow: the old ones kept, in order. */
static int
appended(const struct sf_node *a, const struct sf_node *b)
{
	size_t i, na = a ? a->n : 0;

	if (!b || b->kind != SF_NODE_SEQ || (a && a->kind != SF_NODE_SEQ) ||
	    b->n < na)
		return 0;
	for (i = 0; i < na; i++)
		if (!sf_node_equal(a->kids[i], b->kids[i]))
			return 0;
	return 1;
}

static void
diff_task(struct delta *d, int no, const struct sf_node *a,
    const struct sf_node *b)
{
	static const char *const keys[] = { "no", "action", "lead",
		"support", "due", "status", "done", "progress", "supervision",
		NULL };
	const struct sf_node *x, *y;
	size_t i;

	for (i = 0; keys[i]; i++) {
		x = sf_node_get(a, keys[i]);
		y = sf_node_get(b, keys[i]);
		if (sf_node_equal(x, y))
			continue;
		if (strcmp(keys[i], "progress") == 0 ||
		    strcmp(keys[i], "supervision") == 0) {
			if (!appended(x, y)) {
				mark(d, SF_F_REWRITE, "tasks[%d].%s", no,
				    keys[i]);
				continue;
			}
			mark(d, keys[i][0] == 'p' ? SF_F_PROGRESS :
			    SF_F_SUPERVISION, "tasks[%d].%s", no, keys[i]);
			if (keys[i][0] == 'p')
				touch_task(d, no);
		} else if (strcmp(keys[i], "status") == 0 ||
		    strcmp(keys[i], "done") == 0) {
			/* open -> done, and a done date where there was none */
			if (strcmp(str_of(sf_node_get(a, "status")), "open") ||
			    strcmp(str_of(sf_node_get(b, "status")), "done") ||
			    sf_node_get(a, "done")) {
				mark(d, SF_F_REWRITE, "tasks[%d].%s", no,
				    keys[i]);
				continue;
			}
			mark(d, SF_F_DONE, "tasks[%d].%s", no, keys[i]);
			touch_task(d, no);
		} else {
			mark(d, SF_F_TASKS, "tasks[%d].%s", no, keys[i]);
		}
	}
	/* keys the list above does not know */
	for (i = 0; b && i < b->n; i++) {
		size_t k;

		for (k = 0; keys[k] && strcmp(keys[k], b->kids[i]->key); k++)
			;
		if (!keys[k])
			mark(d, SF_F_REWRITE, "tasks[%d].%s", no,
			    b->kids[i]->key);
	}
}

static const struct sf_node *
task_no(const struct sf_node *seq, const char *no)
{
	size_t i;

	for (i = 0; seq && seq->kind == SF_NODE_SEQ && i < seq->n; i++)
		if (strcmp(str_of(sf_node_get(seq->kids[i], "no")), no) == 0)
			return seq->kids[i];
	return NULL;
}

static void
diff_tasks(struct delta *d, const struct sf_node *a, const struct sf_node *b)
{
	const struct sf_node *t;
	size_t i;

	if (!a || a->n == 0) {
		/* the list is set (minutes issued) */
		mark(d, SF_F_TASKS, "tasks");
		return;
	}
	for (i = 0; b && i < b->n; i++) {
		const char *no = str_of(sf_node_get(b->kids[i], "no"));

		if (!(t = task_no(a, no)))
			mark(d, SF_F_TASKS, "tasks[%s]", no);
		else
			diff_task(d, atoi(no), t, b->kids[i]);
	}
	for (i = 0; i < a->n; i++) {
		const char *no = str_of(sf_node_get(a->kids[i], "no"));

		if (!task_no(b, no))
			mark(d, SF_F_REWRITE, "tasks[%s]", no);
	}
}

struct key_field {
	const char *key;
	int field;
};

static const struct key_field issue_keys[] = {
	{ "id", SF_F_ID }, { "title", SF_F_CONTENT },
	{ "submitted", SF_F_ID }, { "submitter", SF_F_ID },
	{ "contact", SF_F_CONTENT }, { "subject", SF_F_CONTENT },
	{ "city", SF_F_CONTENT }, { "program", SF_F_CONTENT },
	{ "topic", SF_F_CONTENT }, { "jurisdiction", SF_F_CONTENT },
	{ "tried", SF_F_CONTENT }, { "source", SF_F_CONTENT },
	{ "flags", SF_F_CONTENT }, { "material", SF_F_CONTENT },
	{ "status", SF_F_STATUS }, { "screening", SF_F_SCREENING },
	{ "meeting", SF_F_MEETING }, { "decision", SF_F_DECISION },
	{ "tasks", SF_F_TASKS }, { "escalation", SF_F_ESCALATION },
	{ "closure", SF_F_CLOSURE }, { "withdrawal", SF_F_WITHDRAWAL },
	{ NULL, 0 }
};

static const struct key_field meeting_keys[] = {
	{ "id", SF_F_M_PLAN }, { "kind", SF_F_M_PLAN },
	{ "date", SF_F_M_PLAN }, { "status", SF_F_STATUS },
	{ "convener", SF_F_M_PLAN }, { "organisers", SF_F_M_PLAN },
	{ "items", SF_F_M_ITEMS }, { "held", SF_F_M_RECORD },
	{ "chair", SF_F_M_RECORD }, { "attendees", SF_F_M_RECORD },
	{ "observers", SF_F_M_RECORD }, { "absent", SF_F_M_RECORD },
	{ "approved", SF_F_M_APPROVED }, { "number", SF_F_M_ISSUED },
	{ "issued", SF_F_M_ISSUED },
	{ NULL, 0 }
};

/* An agenda's items: which issues are on it (M_ITEMS), and what was
 * recorded for each (M_RECORD). */
static void
diff_items(struct delta *d, const struct sf_node *a, const struct sf_node *b)
{
	size_t i, k, na = a ? a->n : 0, nb = b ? b->n : 0;
	const struct sf_node *x, *y;

	for (i = 0; i < nb; i++) {
		y = b->kids[i];
		for (k = 0, x = NULL; k < na && !x; k++)
			if (strcmp(str_of(sf_node_get(a->kids[k], "issue")),
			    str_of(sf_node_get(y, "issue"))) == 0)
				x = a->kids[k];
		if (!x)
			mark(d, SF_F_M_ITEMS, "items");
		else if (!sf_node_equal(x, y))
			mark(d, SF_F_M_RECORD, "items[%s]",
			    str_of(sf_node_get(y, "issue")));
	}
	for (k = 0; k < na; k++) {
		for (i = 0; i < nb; i++)
			if (strcmp(str_of(sf_node_get(a->kids[k], "issue")),
			    str_of(sf_node_get(b->kids[i], "issue"))) == 0)
				break;
		if (i == nb)
			mark(d, SF_F_M_ITEMS, "items");
	}
}

static void
diff_nodes(struct delta *d, const struct key_field *keys,
    const struct sf_node *a, const struct sf_node *b)
{
	const struct sf_node *x, *y;
	size_t i, k;

	for (i = 0; keys[i].key; i++) {
		x = sf_node_get(a, keys[i].key);
		y = sf_node_get(b, keys[i].key);
		if (sf_node_equal(x, y))
			continue;
		if (keys[i].field == SF_F_TASKS && a)
			diff_tasks(d, x, y);
		else if (keys[i].field == SF_F_M_ITEMS && a)
			diff_items(d, x, y);
		else
			mark(d, keys[i].field, "%s", keys[i].key);
	}
	for (i = 0; b && i < b->n; i++) {
		for (k = 0; keys[k].key && strcmp(keys[k].key, b->kids[i]->key);
		    k++)
			;
		if (!keys[k].key)
			mark(d, SF_F_REWRITE, "%s", b->kids[i]->key);
	}
}

/* The judgement */

__attribute__((format(printf, 4, 5)))
static int
refuse(struct sf_judge *j, const char *file, const char *field,
    const char *fmt, ...)
{
	struct sf_loc loc = { .file = file };
	va_list ap;

	snprintf(j->field, sizeof(j->field), "%s", field);
	loc.field = j->field;
	va_start(ap, fmt);
	vsnprintf(j->why, sizeof(j->why), sf_gettext(fmt), ap);
	va_end(ap);
	return sf_error_at(SF_EREFUSED, &loc, "%s", j->why);
}

static const char *
status_token(int meeting, int status)
{
	if (status < 0)
		return "none";
	return sf_enum_token(meeting ? &sf_enum_meeting_status :
	    &sf_enum_status, status);
}

static const char *
unit_id(const struct sf_judge *j)
{
	return j->by ? j->by->id : "";
}

/* Whether the acting unit is one of who; *need says what was missing. */
static int
allowed(const struct sf_judge *j, unsigned who, const char *submitter,
    const struct sf_issue *is, const struct delta *d)
{
	size_t i, k;
	int r;

	if (!j->by)
		return 0;
	for (r = 0; r <= SF_ROLE_ADMIN; r++)
		if ((who & SF_WHO_ROLE(r)) && sf_unit_has_role(j->by, r))
			return 1;
	if ((who & SF_WHO_ORGANISER) && j->by->roles)
		return 1;
	if ((who & SF_WHO_SUBMITTER) && submitter &&
	    strcmp(submitter, j->by->id) == 0)
		return 1;
	if ((who & SF_WHO_TASK) && is && d->ntasks) {
		for (i = 0; i < d->ntasks; i++) {
			const struct sf_task *t = NULL;
			int mine = 0;

			for (k = 0; k < is->ntasks; k++)
				if (is->tasks[k].no == d->tasks[i])
					t = &is->tasks[k];
			if (t && t->lead && strcmp(t->lead, j->by->id) == 0)
				mine = 1;
			for (k = 0; t && !mine && k < t->nsupport; k++)
				mine = strcmp(t->support[k], j->by->id) == 0;
			if (!mine)
				return 0;
		}
		return 1;
	}
	return 0;
}

static void
who_words(unsigned who, struct sf_buf *b)
{
	int r;

	for (r = 0; r <= SF_ROLE_ADMIN; r++)
		if (who & SF_WHO_ROLE(r))
			sf_buf_addf(b, "%s%s %s", b->len ? _(" or ") : "",
			    _("the role"), sf_enum_token(&sf_enum_role, r));
	if (who & SF_WHO_SUBMITTER)
		sf_buf_addf(b, "%s%s", b->len ? _(" or ") : "",
		    _("the issue's submitter"));
	if (who & SF_WHO_TASK)
		sf_buf_addf(b, "%s%s", b->len ? _(" or ") : "",
		    _("the task's lead or supporting unit"));
	if (who & SF_WHO_ORGANISER)
		sf_buf_addf(b, "%s%s", b->len ? _(" or ") : "",
		    _("an organiser"));
}

/* A date recorded by the change: not after the limit, not before from. */
static int
date_in(struct sf_judge *j, const char *file, const char *field,
    const char *date, const char *from, const char *what)
{
	if (!date)
		return 0;
	if (j->limit && strcmp(date, j->limit) > 0)
		return refuse(j, file, field, "%s is later than %s, the date "
		    "of the change", date, j->limit);
	if (from && *from && strcmp(date, from) < 0)
		return refuse(j, file, field, "%s is earlier than %s, %s",
		    date, from, what);
	return 0;
}

static const struct sf_task *
task_of(const struct sf_issue *is, int no)
{
	size_t i;

	for (i = 0; is && i < is->ntasks; i++)
		if (is->tasks[i].no == no)
			return &is->tasks[i];
	return NULL;
}

static int
issue_dates(struct sf_judge *j, const char *file, const struct sf_issue *old,
    const struct sf_issue *new, const struct delta *d)
{
	char held[11] = "", issued[11] = "", field[96];
	const char *set = new->submitted, *coord = new->submitted;
	size_t i, k;
	int rc = 0;

	if (new->meeting && j->meeting_dates &&
	    j->meeting_dates(j->ctx, new->meeting, held, issued) == 0) {
		if (*held)
			set = held;
		if (*issued)
			coord = issued;
	}
	if ((d->changed & (1u << SF_F_ID)) && (rc = date_in(j, file,
	    "submitted", new->submitted, NULL, NULL)) < 0)
		return rc;
	if ((d->changed & (1u << SF_F_SCREENING)) && new->screening &&
	    (rc = date_in(j, file, "screening.date", new->screening->date,
	    new->submitted, _("the date it was submitted"))) < 0)
		return rc;
	for (i = 0; i < new->ntasks && !rc; i++) {
		const struct sf_task *t = &new->tasks[i], *o = task_of(old,
		    t->no);
		size_t seen = o ? o->nprogress : 0, sv = o ? o->nsupervision :
		    0;

		snprintf(field, sizeof(field), "tasks[%d].done", t->no);
		if (t->done && !(o && o->done))
			rc = date_in(j, file, field, t->done, set,
			    _("the date of the meeting that set the task"));
		for (k = seen; k < t->nprogress && !rc; k++) {
			snprintf(field, sizeof(field), "tasks[%d].progress[%zu]"
			    ".date", t->no, k + 1);
			rc = date_in(j, file, field, t->progress[k].date, set,
			    _("the date of the meeting that set the task"));
		}
		for (k = sv; k < t->nsupervision && !rc; k++) {
			snprintf(field, sizeof(field), "tasks[%d].supervision"
			    "[%zu].date", t->no, k + 1);
			rc = date_in(j, file, field, t->supervision[k].date,
			    set, _("the date of the meeting that set the "
			    "task"));
		}
	}
	if (!rc && (d->changed & (1u << SF_F_ESCALATION)) && new->escalation)
		rc = date_in(j, file, "escalation.date", new->escalation->date,
		    coord, _("the date the issue was coordinated"));
	if (!rc && (d->changed & (1u << SF_F_CLOSURE)) && new->closure)
		rc = date_in(j, file, "closure.date", new->closure->date,
		    coord, _("the date the issue was coordinated"));
	if (!rc && (d->changed & (1u << SF_F_WITHDRAWAL)) && new->withdrawal)
		rc = date_in(j, file, "withdrawal.date", new->withdrawal->date,
		    new->submitted, _("the date it was submitted"));
	return rc;
}

/* What the table cannot say: Art. 13's closure conditions. */
static int
issue_rules(struct sf_judge *j, const char *file, const struct sf_issue *new,
    const struct delta *d)
{
	size_t i;

	if (!(d->changed & (1u << SF_F_CLOSURE)) || !new->closure)
		return 0;
	if (j->config && !(j->config->closure_reasons &
	    (1u << new->closure->reason)))
		return refuse(j, file, "closure.reason", "closure reason '%s' "
		    "is not allowed by the ledger's rules (closure_reasons)",
		    sf_enum_token(&sf_enum_reason, new->closure->reason));
	if (new->closure->reason == SF_RS_RESOLVED) {
		for (i = 0; i < new->ntasks; i++)
			if (new->tasks[i].status != SF_TASK_DONE)
				return refuse(j, file, "closure.reason", "an "
				    "issue is closed as resolved only when "
				    "every task is done: task %d is not (Art. "
				    "13)", new->tasks[i].no);
	} else if (!new->closure->note || !*new->closure->note) {
		return refuse(j, file, "closure.note", "closing as '%s' needs "
		    "a note saying why (Art. 13)",
		    sf_enum_token(&sf_enum_reason, new->closure->reason));
	}
	return 0;
}

/* The row of rows that explains a change from -> to of d. */
static int
judge(struct sf_judge *j, const char *file, int meeting, int from, int to,
    const char *submitter, const struct sf_issue *is, struct delta *d)
{
	const struct sf_rule *row, *r = NULL;
	const char *name = sf_action_name(j->action);
	struct sf_buf words = SF_BUF_INIT;
	unsigned fbit = from < 0 ? SF_NONE : 1u << from;
	size_t n, i;
	int f, rc;

	j->changed = d->changed;
	j->row = NULL;
	if (!d->changed)
		return 0;
	if (!(row = sf_rules(j->action, meeting, &n)))
		return refuse(j, file, d->path[__builtin_ctz(d->changed)],
		    "'%s' does not change %s", name ? name : "?",
		    meeting ? _("meetings") : _("issues"));
	if (to < 0)
		return refuse(j, file, "(file)", "a ledger file is never "
		    "removed (withdraw or close instead)");
	for (i = 0; i < n && !r; i++)
		if ((row[i].from & fbit) && (row[i].to == SAME ? from == to :
		    (row[i].to & (1u << to)) != 0))
			r = &row[i];
	for (i = 0; i < n && !(row[i].from & fbit); i++)
		;
	if (!r && i == n)
		return refuse(j, file, from == to ?
		    d->path[__builtin_ctz(d->changed)] : "status", from < 0 ?
		    "'%s' does not create %s" : "'%s' is not taken on %s that "
		    "is %s", name, meeting ? _("a meeting") : _("an issue"),
		    status_token(meeting, from));
	if (!r)
		return refuse(j, file, "status", "'%s' does not move %s "
		    "from %s to %s", name, meeting ? _("a meeting") :
		    _("an issue"), status_token(meeting, from),
		    status_token(meeting, to));
	for (f = 0; f < SF_F_COUNT; f++)
		if ((d->changed & (1u << f)) && !(r->fields & (1u << f)))
			return refuse(j, file, d->path[f], "'%s' may not "
			    "change this field", name);
	j->row = r;
	if (!allowed(j, r->who, submitter, is, d)) {
		who_words(r->who, &words);
		rc = j->by ? refuse(j, file, d->path[__builtin_ctz(d->changed)],
		    "unit '%s' may not take '%s': it is for %s", unit_id(j),
		    name, words.buf) : refuse(j, file,
		    d->path[__builtin_ctz(d->changed)], "'%s' names no acting "
		    "unit (Sanfen-Unit): it is for %s", name, words.buf);
		sf_buf_release(&words);
		j->row = NULL;
		return rc;
	}
	return 0;
}

int
sf_judge_issue(struct sf_judge *j, const char *file,
    const struct sf_issue *old, const struct sf_issue *new)
{
	struct sf_arena *a = sf_arena_new();
	struct delta d;
	int rc;

	memset(&d, 0, sizeof(d));
	j->field[0] = j->why[0] = '\0';
	diff_nodes(&d, issue_keys, old ? sf_issue_to_node(old, a) : NULL,
	    new ? sf_issue_to_node(new, a) : NULL);
	if (!new && old)
		d.changed |= 1u << SF_F_ID;
	rc = judge(j, file, 0, old ? old->status : -1, new ? new->status : -1,
	    old ? old->submitter : new ? new->submitter : NULL, new, &d);
	if (rc == 0 && new)
		rc = issue_dates(j, file, old, new, &d);
	if (rc == 0 && new)
		rc = issue_rules(j, file, new, &d);
	sf_arena_free(a);
	return rc;
}

static int
has_item(const struct sf_meeting *m, const char *issue)
{
	size_t i;

	for (i = 0; i < m->nitems; i++)
		if (strcmp(m->items[i].issue, issue) == 0)
			return 1;
	return 0;
}

/* SF_ONLY_DEAD_ITEMS: items only taken off, each naming an issue that
 * is not scheduled for the meeting, before the change or after it. */
static int
dead_items(struct sf_judge *j, const char *file, const struct sf_meeting *old,
    const struct sf_meeting *new)
{
	char field[96];
	size_t i;

	for (i = 0; i < new->nitems; i++)
		if (!has_item(old, new->items[i].issue)) {
			snprintf(field, sizeof(field), "items[%s]",
			    new->items[i].issue);
			return refuse(j, file, field, "'%s' only takes items "
			    "off a meeting that is %s",
			    sf_action_name(j->action),
			    status_token(1, old->status));
		}
	for (i = 0; i < old->nitems; i++) {
		const char *id = old->items[i].issue;

		if (has_item(new, id))
			continue;
		snprintf(field, sizeof(field), "items[%s]", id);
		if (!j->scheduled_for || j->scheduled_for(j->ctx, id,
		    old->id) != 0)
			return refuse(j, file, field, "issue %s is scheduled "
			    "for this meeting, which is %s: after the draft, "
			    "only an item whose issue was withdrawn or closed "
			    "is dropped", id, status_token(1, old->status));
	}
	return 0;
}

int
sf_judge_meeting(struct sf_judge *j, const char *file,
    const struct sf_meeting *old, const struct sf_meeting *new)
{
	struct sf_arena *a = sf_arena_new();
	struct delta d;
	int rc;

	memset(&d, 0, sizeof(d));
	j->field[0] = j->why[0] = '\0';
	diff_nodes(&d, meeting_keys, old ? sf_meeting_to_node(old, a) : NULL,
	    new ? sf_meeting_to_node(new, a) : NULL);
	if (!new && old)
		d.changed |= 1u << SF_F_M_PLAN;
	rc = judge(j, file, 1, old ? old->status : -1, new ? new->status : -1,
	    NULL, NULL, &d);
	if (rc == 0 && j->row && (j->row->flags & SF_ONLY_DEAD_ITEMS) && old &&
	    new && (rc = dead_items(j, file, old, new)) < 0)
		j->row = NULL;
	if (rc == 0 && new && (d.changed & (1u << SF_F_M_RECORD)))
		rc = date_in(j, file, "held", new->held, NULL, NULL);
	if (rc == 0 && new && (d.changed & (1u << SF_F_M_APPROVED)))
		rc = date_in(j, file, "approved", new->approved, new->held,
		    _("the date the meeting was held"));
	if (rc == 0 && new && (d.changed & (1u << SF_F_M_ISSUED)))
		rc = date_in(j, file, "issued", new->issued, new->approved,
		    _("the date the minutes were approved"));
	sf_arena_free(a);
	return rc;
}
