/*
 * The ledger as committed, for what the query cache (lib/cache.h) does
 * not hold: the meeting files, and an issue file named by its id, read
 * from the tree of the ledger's HEAD (the one it was opened or locked at,
 * or its own last commit) as sf_issues_scan reads the issues. A command
 * that reads the ledger as committed takes its meetings from here; one
 * that reads the work tree uses sf_meetings_walk and sf_ledger_load_*
 * (lib/query.h, lib/ledger.h). The messages are those of the work tree's
 * readers, and SANFEN_TRACE names each file read ("HEAD").
 */
#ifndef SF_COMMITTED_H
#define SF_COMMITTED_H

#include "issue.h"
#include "ledger.h"
#include "meeting.h"
#include "query.h"

/* Every name under meetings/ in HEAD's tree, as sf_meetings_walk hands
 * on the work tree's: path order, id NULL for a name that is not a
 * meeting file's. Nothing is read. */
int sf_committed_meetings(struct sf_ledger *l, sf_issue_fn cb, void *ctx);

/* Read, parse and validate one meeting (one issue) of HEAD's tree by id:
 * SF_ENOTFOUND when it has none. */
int sf_committed_meeting(struct sf_ledger *l, const char *id,
    struct sf_meeting **out);
int sf_committed_issue(struct sf_ledger *l, const char *id,
    struct sf_issue **out);

/* The meeting a prefix names among HEAD's (sf_meeting_resolve_in), read. */
int sf_committed_meeting_open(struct sf_ledger *l, const char *prefix,
    struct sf_meeting **out);

#endif
