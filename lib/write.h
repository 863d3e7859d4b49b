/*
 * Writing records back: an issue or meeting, judged by lib/lifecycle,
 * emitted in its canonical form into a struct sf_change that the command
 * commits through the store (sf_store_commit).
 */
#ifndef SF_WRITE_H
#define SF_WRITE_H

#include "issue.h"
#include "ledger.h"
#include "meeting.h"
#include "store.h"

/*
 * The one way a command changes an issue or a meeting (lib/lifecycle):
 * sf_judge_for sets j up for action by unit by, against the ledger's
 * units and config, with today as the latest date; sf_step_issue judges
 * the change old -> is (old NULL for a new issue) as the central check
 * will, and only then puts is into c and adds its trailers to msg:
 * Sanfen-Issue, and Sanfen-Status on a transition (once per transition
 * in a commit of several issues). sf_step_meeting likewise with
 * Sanfen-Meeting and Sanfen-Meeting-Status. A refusal (SF_EREFUSED) says
 * which field and rule, and c and msg are left as they were.
 */
struct sf_judge;
void sf_judge_for(struct sf_judge *j, struct sf_ledger *l, int action,
    const struct sf_unit *by);
int sf_step_issue(struct sf_change *c, struct sf_msg *msg,
    struct sf_judge *j, const struct sf_issue *old,
    const struct sf_issue *is);
int sf_step_meeting(struct sf_change *c, struct sf_msg *msg,
    struct sf_judge *j, const struct sf_meeting *old,
    const struct sf_meeting *m);
/*
 * For a command that holds the meeting its issues follow (sanfen-agenda
 * new, sanfen-minutes issue): the judge takes the dates of meeting m
 * from m, the meeting as the command read it (or made it), instead of
 * reading its file again; other meetings are read as sf_judge_for does.
 * held keeps l and m for j and lives as long as j.
 */
struct sf_judge_held {
	struct sf_ledger *l;
	const struct sf_meeting *m;
};
void sf_judge_hold(struct sf_judge *j, struct sf_judge_held *held,
    struct sf_ledger *l, const struct sf_meeting *m);
/* "Sanfen-Action: screen" and "Sanfen-Unit: tf-drc" */
void sf_msg_action(struct sf_msg *msg, int action);
void sf_msg_unit(struct sf_msg *msg, const struct sf_unit *by);

#endif
