/*
 * Finding issues in the ledger: walking issues/YYYY/MM/ in id order,
 * resolving a unique id prefix, and the filters of sanfen-list.
 */
#ifndef SF_QUERY_H
#define SF_QUERY_H

#include "issue.h"
#include "ledger.h"

/*
 * Call cb for every issue file, in path order (so by submission date),
 * with its path relative to the root and its id. Files in issues/ that do
 * not look like issue files (wrong name, wrong shard) are passed with id
 * NULL so that sanfen-check can report them. A non-zero return from cb stops
 * the walk and is returned.
 */
typedef int (*sf_issue_fn)(const char *relpath, const char *id, void *ctx);
int sf_issues_walk(struct sf_ledger *l, sf_issue_fn cb, void *ctx);

/* Likewise for meetings/YYYY/<id>.yaml. */
int sf_meetings_walk(struct sf_ledger *l, sf_issue_fn cb, void *ctx);

/*
 * The one issue whose id starts with prefix (case folded); SF_ENOTFOUND, or
 * SF_EAMBIGUOUS with the candidates named in the message. *id_out is
 * malloc'd.
 */
int sf_issue_resolve(struct sf_ledger *l, const char *prefix, char **id_out);
/* Likewise for meeting ids ("2024-10" finds 2024-10-15-monthly). */
int sf_meeting_resolve(struct sf_ledger *l, const char *prefix,
    char **id_out);
/* The same among the names walk hands on: sf_meetings_walk's (the work
 * tree) or sf_committed_meetings's (the ledger as committed,
 * lib/committed.h). */
typedef int (*sf_walk_fn)(struct sf_ledger *l, sf_issue_fn cb, void *ctx);
int sf_meeting_resolve_in(struct sf_ledger *l, sf_walk_fn walk,
    const char *prefix, char **id_out);

/* Resolve a meeting prefix and load it. */
struct sf_meeting;
int sf_meeting_open(struct sf_ledger *l, const char *prefix,
    struct sf_meeting **out);

/* What sanfen-list filters on; a zero mask or NULL string matches all. */
struct sf_filter {
	unsigned status;	/* 1u << enum sf_status */
	unsigned subject;
	unsigned city;
	unsigned program;
	unsigned topic;
	unsigned jurisdiction;
	unsigned source;
	const char *unit;	/* submitter, task lead or support */
	const char *submitter;
	const char *meeting;
	const char *since;	/* submitted on or after */
	const char *until;	/* submitted on or before */
	int overdue;		/* an open task past due, as of today */
	const char *today;
};

int sf_filter_match(const struct sf_filter *f, const struct sf_issue *is);
#endif
