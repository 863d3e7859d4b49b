/*
 * The lifecycle as one table (SPEC §4, §8): for each action, the
 * transition it makes, the fields it may change and who may take it.
 * Every command moves an issue or a meeting through sf_judge_issue /
 * sf_judge_meeting before it commits, and sanfen-check --history judges
 * each pushed commit with the same functions, by what the commit changes
 * field by field; so a rule is written once and a command cannot make a
 * commit the central check refuses.
 *
 * The commit trailers are spelled here and nowhere else.
 */
#ifndef SF_LIFECYCLE_H
#define SF_LIFECYCLE_H

#include <stddef.h>

#include "error.h"

#define SF_TR_ACTION		"Sanfen-Action"
#define SF_TR_UNIT		"Sanfen-Unit"
#define SF_TR_ISSUE		"Sanfen-Issue"
#define SF_TR_MEETING		"Sanfen-Meeting"
#define SF_TR_STATUS		"Sanfen-Status"
#define SF_TR_MEETING_STATUS	"Sanfen-Meeting-Status"
#define SF_TR_TASK		"Sanfen-Task"
#define SF_TR_MERGE		"Sanfen-Merge"
#define SF_TR_RESOLVED		"Sanfen-Resolved"
#define SF_TR_RULES		"Sanfen-Rules"
#define SF_TR_ADMIN		"Sanfen-Admin"

/* The actions, as the Sanfen-Action trailer spells them. */
enum sf_action {
	SF_ACT_INIT,		/* init: the root commit */
	SF_ACT_SUBMIT,		/* submit */
	SF_ACT_EDIT,		/* edit: an issue's own fields corrected */
	SF_ACT_SCREEN,		/* screen */
	SF_ACT_AGENDA_NEW,	/* agenda-new */
	SF_ACT_AGENDA_ADD,	/* agenda-add */
	SF_ACT_AGENDA_DROP,	/* agenda-drop */
	SF_ACT_AGENDA_PROPOSE,	/* agenda-propose */
	SF_ACT_AGENDA_APPROVE,	/* agenda-approve */
	SF_ACT_MINUTES_RECORD,	/* minutes-record */
	SF_ACT_MINUTES_APPROVE,	/* minutes-approve */
	SF_ACT_MINUTES_ISSUE,	/* minutes-issue */
	SF_ACT_PROGRESS,	/* progress */
	SF_ACT_SUPERVISE,	/* supervise */
	SF_ACT_ESCALATE,	/* escalate */
	SF_ACT_CLOSE,		/* close */
	SF_ACT_WITHDRAW,	/* withdraw */
	SF_ACT_SYNC,		/* sync: a merge, nothing of its own */
	SF_ACT_ADMIN,		/* admin: config, units, signers */
	SF_ACT_COUNT
};

/* "screen" for SF_ACT_SCREEN; the action for a name, or -1. */
const char *sf_action_name(int action);
int sf_action_lookup(const char *name);

#endif
