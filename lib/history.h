/*
 * The ledger's history, read from git: each commit with its Sanfen-*
 * trailers, optionally limited to the commits that changed one file.
 * Used by sanfen-log; the central check is lib/guard.
 */
#ifndef SF_HISTORY_H
#define SF_HISTORY_H

#include <time.h>

#include <git2.h>

#include "ledger.h"

struct sf_commit_info {
	char id[GIT_OID_HEXSZ + 1];
	git_time_t when;		/* author time, seconds */
	int offset;			/* minutes east of UTC */
	const char *author;
	const char *email;
	const char *subject;		/* first line */
	const char *action;		/* Sanfen-Action, or NULL */
	const char *unit;		/* Sanfen-Unit */
	const char *issue;		/* first Sanfen-Issue */
	const char *meeting;		/* Sanfen-Meeting */
	const char *status;		/* Sanfen-Status "a -> b" */
};

typedef int (*sf_commit_fn)(const struct sf_commit_info *c, void *ctx);

/*
 * Walk the commits reachable from HEAD, newest first (oldest first when
 * reverse), and call cb for each; with path, only the commits whose tree
 * differs there from their first parent's (the file was added, changed or
 * removed). A non-zero return from cb stops the walk and is returned.
 * An unborn HEAD is an empty history.
 */
int sf_history_walk(struct sf_ledger *l, const char *path, int reverse,
    sf_commit_fn cb, void *ctx);

/* "2024-10-08 09:30" in the commit's own time zone into out (17 bytes). */
void sf_commit_date(const struct sf_commit_info *c, char out[17]);

#endif
