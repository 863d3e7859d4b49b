/*
 * Supervision (Art. 12): the tasks past their due date and the
 * coordinated issues not closed as planned, by responsible unit.
 */
#ifndef SF_SUPERVISE_H
#define SF_SUPERVISE_H

#include <stddef.h>

#include "buf.h"
#include "ledger.h"

struct sf_overdue {
	char *unit;		/* the task's lead unit */
	char *issue;
	char *title;
	int task;		/* task no */
	char *action;
	char *due;
	long days;		/* days past due as of the date asked */
	size_t nsupervised;	/* 督办 entries already recorded */
	long rank;		/* the unit's place in units.yaml, for order */
};

struct sf_overdue_list {
	struct sf_overdue *v;
	size_t n, alloc;
};

/*
 * Every open task of a coordinated or escalated issue whose due date is
 * before as_of, sorted by unit (in units.yaml order), then days overdue
 * (most first), then issue and task. unit, when not NULL, keeps only the
 * tasks it leads. Files that cannot be read are counted in *bad.
 */
int sf_overdue_collect(struct sf_ledger *l, const char *as_of,
    const char *unit, struct sf_overdue_list *out, size_t *bad);
/* The steps, for a command that scans for more than this: which issues
 * can have such tasks, each issue's tasks added, the order. */
struct sf_scan_where;
void sf_overdue_where(const char *as_of, struct sf_scan_where *w);
void sf_overdue_add(struct sf_ledger *l, const struct sf_issue *is,
    const char *as_of, const char *unit, struct sf_overdue_list *out);
void sf_overdue_sort(struct sf_overdue_list *out);
void sf_overdue_clear(struct sf_overdue_list *list);

/* A 督办 notice to one unit, appended to doc: the overdue tasks it
 * leads, in the layout of sanfen's documents (lib/doc.h). */
struct sf_doc;
void sf_notice_doc(struct sf_ledger *l, const struct sf_overdue_list *list,
    const char *unit, const char *as_of, struct sf_doc *doc);

#endif
