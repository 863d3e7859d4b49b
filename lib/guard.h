/*
 * The central check (sanfen-check --history, the pre-receive hook): each
 * commit judged by what it changes, field by field, never by what its
 * message says it does.
 *
 *  - Layout: below issues/, meetings/ and .sanfen/ only the paths of
 *    sanfen-issue(5) and sanfen-meeting(5) and regular files (no links,
 *    executables or submodules); no name anywhere with a control
 *    character. A ledger file is never removed.
 *  - Every changed issue and meeting is read with the real loader on both
 *    sides and the change judged with lib/lifecycle: the commit's
 *    Sanfen-Action must be the action that explains all of it, taken by
 *    its Sanfen-Unit, with dates neither after the commit's date nor
 *    before what they follow. units.yaml and .sanfen/ change only by the
 *    admin action of a unit holding admin.
 *  - Authority (units, roles, config, signing.require and the allowed
 *    signers) comes from before: with since (a push), from the since
 *    commit for every commit pushed; else from each commit's first parent.
 *    So a change of the rules binds only the commits after it is in force.
 *  - A merge must equal the field-level merge of its parents (lib/merge);
 *    a conflict settled for one side or the other is a merge too; anything
 *    else is the merger's own change, judged by its trailers.
 *  - With signing.require, a commit's ssh signature must verify for its
 *    Sanfen-Unit: a key speaks for the unit it was registered to.
 *
 * Every path and value from a commit is shown escaped in the findings.
 */
#ifndef SF_GUARD_H
#define SF_GUARD_H

#include <stddef.h>

#include "error.h"
#include "ledger.h"

/*
 * Judge the commits reachable from the ledger's head (all of them, oldest
 * first, or those after since) and append a finding for each refused
 * change, naming commit, file, field and rule. *ncommits gets the number
 * of commits judged. Negative only when the history cannot be read.
 */
int sf_guard_check(struct sf_ledger *l, const char *since,
    struct sf_diags *d, size_t *ncommits);

#endif
