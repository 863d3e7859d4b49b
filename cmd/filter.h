/*
 * The issue filters sanfen-list and sanfen-ledger share: one option table,
 * one parser, one resolution of units and meetings against the ledger.
 */
#ifndef SF_CMD_FILTER_H
#define SF_CMD_FILTER_H

#include <getopt.h>

#include "cli.h"
#include "ledger.h"
#include "query.h"

enum {
	SF_FOPT_STATUS = 0x200, SF_FOPT_SUBJECT, SF_FOPT_CITY,
	SF_FOPT_PROGRAM, SF_FOPT_TOPIC, SF_FOPT_JURISDICTION,
	SF_FOPT_SOURCE, SF_FOPT_UNIT, SF_FOPT_SUBMITTER, SF_FOPT_MEETING,
	SF_FOPT_SINCE, SF_FOPT_UNTIL, SF_FOPT_OVERDUE, SF_FOPT_END
};

/* The filter options, NULL-terminated, to copy into a command's table. */
extern const struct option sf_filter_options[];

struct sf_filter_args {
	struct sf_filter f;
	const char *unit, *submitter, *meeting;
	char *meeting_id;
};

/* Handle option opt (one of SF_FOPT_*) with its argument; prints the error
 * and exits 1 on a bad value. */
void sf_filter_option(struct sf_cli *c, struct sf_filter_args *fa, int opt,
    const char *arg);
/* What of f a scan can pass over unread (lib/cache.h): statuses, dates. */
struct sf_scan_where;
void sf_filter_where(const struct sf_filter *f, struct sf_scan_where *w);
/* Resolve units and the meeting once the ledger is open. */
int sf_filter_resolve(struct sf_ledger *l, struct sf_filter_args *fa);
void sf_filter_args_release(struct sf_filter_args *fa);

#endif
