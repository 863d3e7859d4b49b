/*
 * Tasks (议定事项): a meeting's decision split into actions, each with a
 * lead unit (牵头单位), supporting units and a due date (完成时限). An
 * issue's tasks also carry their status, progress and the supervision
 * (督办) recorded against them; a meeting's agenda items carry none of
 * these. Issues and meetings read and write them here alike.
 */
#ifndef SF_TASK_H
#define SF_TASK_H

#include <stddef.h>

#include "arena.h"
#include "units.h"
#include "yamlio.h"

struct sf_note {		/* a dated entry: progress, supervision */
	const char *date;
	const char *note;
};

struct sf_task {
	int no;			/* 1, 2, … unique within the issue or item */
	const char *action;
	const char *lead;	/* unit id */
	const char **support;	/* unit ids */
	size_t nsupport;
	const char *due;
	int status;		/* enum sf_task_status */
	const char *done;	/* date, when status is done */
	struct sf_note *progress;
	size_t nprogress;
	struct sf_note *supervision;	/* 督办 entries */
	size_t nsupervision;
};

/*
 * Read n, the task at path, into t (its strings in r->a), with status,
 * progress and supervision when with_progress (an issue's task), else
 * without them (an agenda item's: those keys are unknown). Only types
 * and values are checked; what a task requires is the caller's to check
 * (sf_issue_validate, sf_meeting_from_node, minutes). Positions are
 * recorded when r records them.
 */
struct sf_rd;
void sf_task_read(struct sf_rd *r, const struct sf_node *n, const char *path,
    const struct sf_units *units, int with_progress, struct sf_task *t);
/* A copy of the n tasks at v, every string and array in a (NULL for
 * NULL, as sf_arena_memdup). */
struct sf_task *sf_tasks_dup(struct sf_arena *a, const struct sf_task *v,
    size_t n);
/* The task's tree in file order, from a. */
struct sf_node *sf_task_to_node(const struct sf_task *t, struct sf_arena *a,
    int with_progress);

#endif
