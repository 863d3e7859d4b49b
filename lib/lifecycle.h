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

/*
 * What a change to an issue or meeting touches, one bit a field; a
 * task's fields are told apart, since reporting progress and setting a
 * deadline are different actions.
 */
enum sf_field {
	SF_F_ID,		/* id, submitted, submitter */
	SF_F_CONTENT,		/* title … material: the submission */
	SF_F_STATUS,
	SF_F_SCREENING,
	SF_F_MEETING,
	SF_F_DECISION,
	SF_F_TASKS,		/* the list; a task's action, lead, support,
				 * due */
	SF_F_PROGRESS,		/* progress entries added to a task */
	SF_F_DONE,		/* a task's status and done date */
	SF_F_SUPERVISION,	/* 督办 entries added to a task */
	SF_F_ESCALATION,
	SF_F_CLOSURE,
	SF_F_WITHDRAWAL,
	SF_F_REWRITE,		/* an entry already recorded changed or gone */
	/* meetings */
	SF_F_M_PLAN,		/* id, kind, date, convener, organisers */
	SF_F_M_ITEMS,		/* the issues on the agenda */
	SF_F_M_RECORD,		/* held, chair, attendance, decisions, tasks */
	SF_F_M_APPROVED,
	SF_F_M_ISSUED,		/* number, issued */
	SF_F_COUNT
};

/* Who may take an action: any of these (roles are enum sf_role bits). */
#define SF_WHO_ROLE(r)		(1u << (r))
#define SF_WHO_SUBMITTER	(1u << 16)	/* the issue's submitter */
#define SF_WHO_TASK		(1u << 17)	/* lead or support of each task
						 * the change touches */
#define SF_WHO_ORGANISER	(1u << 18)	/* any unit with a role */

/* Statuses as bits: 1u << enum sf_status, or SF_NONE for a new file. */
#define SF_NONE			(1u << 15)

/*
 * What else a row says (sf_rule.flags):
 *
 * SF_WITH_MEETING: the issue's meeting changes in the same commit (agenda
 * and minutes), and that meeting's file agrees.
 * SF_ONLY_DEAD_ITEMS: items are only taken off the meeting, each naming
 * an issue not scheduled for it (sf_issue_scheduled_for) as the ledger
 * stood before the change nor as the change leaves it: one withdrawn,
 * closed, or on another meeting, which the minutes could not apply to
 * (the way out of a meeting wedged by such an item).
 */
#define SF_WITH_MEETING		(1u << 0)
#define SF_ONLY_DEAD_ITEMS	(1u << 1)

/* One row of the table. */
struct sf_rule {
	int action;		/* enum sf_action */
	int meeting;		/* 0: the row is for issues, 1: meetings */
	unsigned from;		/* statuses it starts from */
	unsigned to;		/* statuses it may end in */
	unsigned fields;	/* 1u << enum sf_field it may change */
	unsigned who;		/* SF_WHO_* */
	unsigned flags;		/* SF_WITH_MEETING, SF_ONLY_DEAD_ITEMS */
};

/* The rows for an action on issues (meeting 0) or meetings, in *n. */
const struct sf_rule *sf_rules(int action, int meeting, size_t *n);
/* 1 when some action moves an issue (a meeting) from one status to
 * another: the transitions of SPEC §4, read off the table. */
int sf_status_can(int from, int to);
/* 1 when action is taken on an issue (meeting 0) or a meeting whose status
 * is status: the table's "from", for a command's own early message. */
int sf_action_takes(int action, int meeting, int status);
int sf_meeting_status_can(int from, int to);

/*
 * A judgement: one action by one unit, against the units and rules in
 * force (for a command, the ledger's; for the central check, those before
 * the push). limit is the latest date an event may carry: today for a
 * command, the commit's date for the check. meeting_dates, when set, gives
 * a meeting's held and issued dates (empty strings when not yet), so that
 * nothing is dated before the meeting it follows.
 */
struct sf_units;
struct sf_unit;
struct sf_config;
struct sf_issue;
struct sf_meeting;

struct sf_judge {
	int action;
	const struct sf_units *units;
	const struct sf_config *config;
	const struct sf_unit *by;	/* NULL: no acting unit */
	const char *limit;		/* YYYY-MM-DD */
	int (*meeting_dates)(void *ctx, const char *id, char held[11],
	    char issued[11]);
	/* 1 when issue is scheduled for meeting (sf_issue_scheduled_for)
	 * before the change or after it, else 0; NULL: a row that asks
	 * SF_ONLY_DEAD_ITEMS explains nothing */
	int (*scheduled_for)(void *ctx, const char *issue,
	    const char *meeting);
	void *ctx;
	const struct sf_rule *row;	/* the row that explains it */
	/* set when a change is refused */
	char field[96];			/* "status", "tasks[1].due" */
	char why[512];			/* the rule, translated */
	unsigned changed;		/* 1u << enum sf_field of the change */
};

/*
 * Whether the change of one file from old to new (either NULL: the file
 * is new, or removed) is the action j->action by j->by: a row of the table
 * allows the status transition, every field changed and the unit, and the
 * dates recorded are neither after j->limit nor before what they follow.
 * 0 when it is; else SF_EREFUSED with j->field and j->why set and the
 * last error "file: field: why".
 */
int sf_judge_issue(struct sf_judge *j, const char *file,
    const struct sf_issue *old, const struct sf_issue *new);
int sf_judge_meeting(struct sf_judge *j, const char *file,
    const struct sf_meeting *old, const struct sf_meeting *new);

/* 1 when is is scheduled for meeting id (status scheduled, meeting id):
 * an issue that meeting's minutes apply to. */
int sf_issue_scheduled_for(const struct sf_issue *is, const char *id);

#endif
