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

