/*
 * One step of one issue, the whole of sanfen-close, sanfen-escalate and
 * sanfen-progress: open the ledger and load the issue, change it, have
 * the change judged as the central check will, commit.
 *
 *	struct sf_issue_step s = SF_ISSUE_STEP_INIT;
 *
 *	if ((rc = sf_issue_step_open(&s, &cli, SF_ROLE_CLOSE, arg)) < 0)
 *		goto fail;
 *	... check s.is, then change it; sf_msg_init(&s.msg, ...) ...
 *	if ((rc = sf_issue_step_take(&s, SF_ACT_CLOSE)) < 0 ||
 *	    (rc = sf_issue_step_commit(&s)) < 0)
 *		goto fail;
 *	...
 *	sf_issue_step_release(&s);
 *
 * sf_issue_step_open opens the ledger for need (sf_cli_open), resolves
 * arg (an id or a unique prefix) into s->id and loads the issue from the
 * work tree into s->is, which the command changes (its positions in the
 * file name a field a refusal is about), and a copy of it as read into
 * s->before. sf_issue_step_take adds the Sanfen-Action trailer, judges
 * before -> is as action by s->acting (sf_judge_for, sf_step_issue) and
 * puts it into s->c with its Sanfen-Issue and Sanfen-Status trailers; a
 * command adds trailers of its own after it. sf_issue_step_commit adds
 * Sanfen-Unit and commits. Each returns 0 or lib/'s SF_E* for
 * sf_cli_fail; sf_issue_step_release frees all, whatever was reached.
 */
#ifndef SF_ISSUE_STEP_H
#define SF_ISSUE_STEP_H

#include "cli.h"
#include "lifecycle.h"
#include "write.h"

struct sf_issue_step {
	struct sf_ledger *l;
	const struct sf_unit *acting;
	char *id;
	struct sf_issue *is;		/* as the command changes it */
	struct sf_issue *before;	/* a copy as read */
	struct sf_msg msg;
	struct sf_change *c;
	struct sf_judge j;
};
#define SF_ISSUE_STEP_INIT { .msg = SF_MSG_INIT }

int sf_issue_step_open(struct sf_issue_step *s, const struct sf_cli *cli,
    int need, const char *arg);
int sf_issue_step_take(struct sf_issue_step *s, int action);
int sf_issue_step_commit(struct sf_issue_step *s);
void sf_issue_step_release(struct sf_issue_step *s);

#endif
