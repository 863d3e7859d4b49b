#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "enums.h"
#include "error.h"
#include "lifecycle.h"
#include "write.h"

/* Put is (m below) in its canonical form at its path in c. */
static int
sf_change_put_issue(struct sf_change *c, const struct sf_issue *is)
{
	struct sf_issue *back = NULL;
	struct sf_buf out = SF_BUF_INIT;
	char *rel;
	int rc;

	if (!(rel = sf_issue_path(is->id)))
		return sf_error(SF_EINVALID, "malformed issue id '%s'", is->id);
	/* read back as every reader will: what the command was given (a
	 * note with a control character) may be what no reader accepts */
	if ((rc = sf_issue_emit(is, &out)) == 0 &&
	    (rc = sf_issue_parse(rel, out.buf, out.len, NULL, SF_ISSUE_FULL,
	    &back)) == 0)
		sf_change_put(c, rel, out.buf, out.len);
	sf_issue_free(back);
	sf_buf_release(&out);
	free(rel);
	return rc;
}

static int
sf_change_put_meeting(struct sf_change *c, const struct sf_meeting *m)
{
	struct sf_meeting *back = NULL;
	struct sf_buf out = SF_BUF_INIT;
	char *rel;
	int rc;

	if (!(rel = sf_meeting_path(m->id)))
		return sf_error(SF_EINVALID, "malformed meeting id '%s'",
		    m->id);
	if ((rc = sf_meeting_emit(m, &out)) == 0 &&
	    (rc = sf_meeting_parse(rel, out.buf, out.len, NULL, &back)) == 0)
		sf_change_put(c, rel, out.buf, out.len);
	sf_meeting_free(back);
	sf_buf_release(&out);
	free(rel);
	return rc;
}

/* "Sanfen-Status: a -> b" for an issue's transition. */
static void
sf_msg_status(struct sf_msg *msg, int from, int to)
{
	sf_msg_trailer(msg, SF_TR_STATUS, "%s -> %s",
	    from < 0 ? "none" : sf_enum_token(&sf_enum_status, from),
	    sf_enum_token(&sf_enum_status, to));
}

void
sf_msg_action(struct sf_msg *msg, int action)
{
	sf_msg_trailer(msg, SF_TR_ACTION, "%s", sf_action_name(action));
}

void
sf_msg_unit(struct sf_msg *msg, const struct sf_unit *by)
{
	if (by)
		sf_msg_trailer(msg, SF_TR_UNIT, "%s", by->id);
}

static int
ledger_meeting_dates(void *ctx, const char *id, char held[11],
    char issued[11])
{
	struct sf_meeting *m = NULL;

	if (sf_ledger_load_meeting(ctx, id, &m) < 0) {
		sf_error_clear();
		return -1;
	}
	snprintf(held, 11, "%s", m->held ? m->held : "");
	snprintf(issued, 11, "%s", m->issued ? m->issued : "");
	sf_meeting_free(m);
	return 0;
}

/* As the ledger has it: the command's change is not written yet, and a
 * command that drops an item the issue of which it moves judges that by
 * the issue's own row. An issue not found is on no meeting; one that
 * does not read is taken for scheduled. */
static int
ledger_scheduled_for(void *ctx, const char *issue, const char *meeting)
{
	struct sf_issue *is = NULL;
	int rc, on;

	if ((rc = sf_ledger_load_issue(ctx, issue, &is)) < 0) {
		sf_error_clear();
		return rc != SF_ENOTFOUND;
	}
	on = sf_issue_scheduled_for(is, meeting);
	sf_issue_free(is);
	return on;
}

void
sf_judge_for(struct sf_judge *j, struct sf_ledger *l, int action,
    const struct sf_unit *by)
{
	memset(j, 0, sizeof(*j));
	j->action = action;
	j->units = l->units;
	j->config = l->config;
	j->by = by;
	j->limit = l->today;
	j->meeting_dates = ledger_meeting_dates;
	j->scheduled_for = ledger_scheduled_for;
	j->ctx = l;
}

static int
held_meeting_dates(void *ctx, const char *id, char held[11], char issued[11])
{
	struct sf_judge_held *h = ctx;

	if (strcmp(id, h->m->id) != 0)
		return ledger_meeting_dates(h->l, id, held, issued);
	snprintf(held, 11, "%s", h->m->held ? h->m->held : "");
	snprintf(issued, 11, "%s", h->m->issued ? h->m->issued : "");
	return 0;
}

static int
held_scheduled_for(void *ctx, const char *issue, const char *meeting)
{
	return ledger_scheduled_for(((struct sf_judge_held *)ctx)->l, issue,
	    meeting);
}

void
sf_judge_hold(struct sf_judge *j, struct sf_judge_held *held,
    struct sf_ledger *l, const struct sf_meeting *m)
{
	held->l = l;
	held->m = m;
	j->meeting_dates = held_meeting_dates;
	j->scheduled_for = held_scheduled_for;
	j->ctx = held;
}

/* A trailer line, once in a message. */
static int
has_trailer(const struct sf_msg *msg, const char *line)
{
	const char *p = msg->trailers.len ? msg->trailers.buf : "";
	size_t n = strlen(line);

	for (; (p = strstr(p, line)); p += n)
		if ((p == msg->trailers.buf || p[-1] == '\n') &&
		    (p[n] == '\n' || p[n] == '\0'))
			return 1;
	return 0;
}

int
sf_step_issue(struct sf_change *c, struct sf_msg *msg, struct sf_judge *j,
    const struct sf_issue *old, const struct sf_issue *is)
{
	char *rel = sf_issue_path(is->id), line[96];
	int rc;

	if (!rel)
		return sf_error(SF_EINVALID, "malformed issue id '%s'", is->id);
	rc = sf_judge_issue(j, rel, old, is);
	free(rel);
	if (rc < 0 || (rc = sf_change_put_issue(c, is)) < 0)
		return rc;
	sf_msg_trailer(msg, SF_TR_ISSUE, "%s", is->id);
	snprintf(line, sizeof(line), "%s: %s -> %s", SF_TR_STATUS,
	    old ? sf_enum_token(&sf_enum_status, old->status) : "none",
	    sf_enum_token(&sf_enum_status, is->status));
	if ((!old || old->status != is->status) && !has_trailer(msg, line))
		sf_msg_status(msg, old ? old->status : -1, is->status);
	return 0;
}

int
sf_step_meeting(struct sf_change *c, struct sf_msg *msg, struct sf_judge *j,
    const struct sf_meeting *old, const struct sf_meeting *m)
{
	char *rel = sf_meeting_path(m->id);
	int rc;

	if (!rel)
		return sf_error(SF_EINVALID, "malformed meeting id '%s'",
		    m->id);
	rc = sf_judge_meeting(j, rel, old, m);
	free(rel);
	if (rc < 0 || (rc = sf_change_put_meeting(c, m)) < 0)
		return rc;
	sf_msg_trailer(msg, SF_TR_MEETING, "%s", m->id);
	if (old && old->status != m->status)
		sf_msg_trailer(msg, SF_TR_MEETING_STATUS, "%s -> %s",
		    sf_enum_token(&sf_enum_meeting_status, old->status),
		    sf_enum_token(&sf_enum_meeting_status, m->status));
	return 0;
}

/*
 * The copies: every string and array into the copy's own arena, so that
 * the copy outlives the original and a change to one leaves the other as
 * it was. Nothing is emitted or parsed: the writer that changes a record
 * parses each file once, when it reads it. A field added to the structs
 * of lib/issue.h or lib/meeting.h is copied here too (tests/unit/write.c
 * compares what the two emit, the original freed first).
 */

static const char *
str(struct sf_arena *a, const char *s)
{
	return s ? sf_arena_strdup(a, s) : NULL;
}

/* n elements of size bytes; NULL stays NULL, an empty array does not */
static void *
mem(struct sf_arena *a, const void *v, size_t n, size_t size)
{
	void *p;

	if (!v)
		return NULL;
	p = sf_arena_alloc(a, (n ? n : 1) * size);
	memcpy(p, v, n * size);
	return p;
}

static const char **
strs(struct sf_arena *a, const char *const *v, size_t n)
{
	const char **w = mem(a, v, n, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++)
		w[i] = str(a, v[i]);
	return w;
}

static struct sf_note *
notes(struct sf_arena *a, const struct sf_note *v, size_t n)
{
	struct sf_note *w = mem(a, v, n, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++) {
		w[i].date = str(a, v[i].date);
		w[i].note = str(a, v[i].note);
	}
	return w;
}

static struct sf_task *
tasks(struct sf_arena *a, const struct sf_task *v, size_t n)
{
	struct sf_task *w = mem(a, v, n, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++) {
		w[i].action = str(a, v[i].action);
		w[i].lead = str(a, v[i].lead);
		w[i].support = strs(a, v[i].support, v[i].nsupport);
		w[i].due = str(a, v[i].due);
		w[i].done = str(a, v[i].done);
		w[i].progress = notes(a, v[i].progress, v[i].nprogress);
		w[i].supervision = notes(a, v[i].supervision,
		    v[i].nsupervision);
	}
	return w;
}

static struct sf_attendee *
people(struct sf_arena *a, const struct sf_attendee *v, size_t n)
{
	struct sf_attendee *w = mem(a, v, n, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++) {
		w[i].unit = str(a, v[i].unit);
		w[i].person = str(a, v[i].person);
	}
	return w;
}

int
sf_issue_dup(const struct sf_issue *is, struct sf_issue **out)
{
	struct sf_issue *c = sf_issue_new();
	struct sf_arena *a = c->arena;
	struct sf_screening *sc;
	size_t i;
	int m;

	*c = *is;
	c->arena = a;
	c->src = NULL;		/* positions in the original's text */
	c->id = str(a, is->id);
	c->title = str(a, is->title);
	c->submitted = str(a, is->submitted);
	c->submitter = str(a, is->submitter);
	c->contact = str(a, is->contact);
	for (m = 0; m < SF_MAT_COUNT; m++)
		c->material[m] = str(a, is->material[m]);
	if ((sc = c->screening = mem(a, is->screening, 1, sizeof(*sc)))) {
		sc->date = str(a, sc->date);
		sc->by = str(a, sc->by);
		sc->similar = mem(a, sc->similar, sc->nsimilar,
		    sizeof(*sc->similar));
		for (i = 0; i < sc->nsimilar; i++)
			sc->similar[i].id = str(a, sc->similar[i].id);
		sc->note = str(a, sc->note);
	}
	c->meeting = str(a, is->meeting);
	c->decision = str(a, is->decision);
	c->tasks = tasks(a, is->tasks, is->ntasks);
	if ((c->escalation = mem(a, is->escalation, 1,
	    sizeof(*c->escalation)))) {
		c->escalation->date = str(a, c->escalation->date);
		c->escalation->reason = str(a, c->escalation->reason);
	}
	if ((c->closure = mem(a, is->closure, 1, sizeof(*c->closure)))) {
		c->closure->date = str(a, c->closure->date);
		c->closure->note = str(a, c->closure->note);
	}
	if ((c->withdrawal = mem(a, is->withdrawal, 1,
	    sizeof(*c->withdrawal)))) {
		c->withdrawal->date = str(a, c->withdrawal->date);
		c->withdrawal->note = str(a, c->withdrawal->note);
	}
	*out = c;
	return 0;
}

int
sf_meeting_dup(const struct sf_meeting *m, struct sf_meeting **out)
{
	struct sf_meeting *c = sf_meeting_new();
	struct sf_arena *a = c->arena;
	size_t i;

	*c = *m;
	c->arena = a;
	c->id = str(a, m->id);
	c->date = str(a, m->date);
	c->convener = str(a, m->convener);
	c->organisers = strs(a, m->organisers, m->norganisers);
	c->items = mem(a, m->items, m->nitems, sizeof(*c->items));
	for (i = 0; i < m->nitems; i++) {
		c->items[i].issue = str(a, m->items[i].issue);
		c->items[i].decision = str(a, m->items[i].decision);
		c->items[i].tasks = tasks(a, m->items[i].tasks,
		    m->items[i].ntasks);
	}
	c->held = str(a, m->held);
	c->chair = str(a, m->chair);
	c->attendees = people(a, m->attendees, m->nattendees);
	c->observers = people(a, m->observers, m->nobservers);
	c->absent = people(a, m->absent, m->nabsent);
	c->approved = str(a, m->approved);
	c->number = str(a, m->number);
	c->issued = str(a, m->issued);
	*out = c;
	return 0;
}
