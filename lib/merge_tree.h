/*
 * Merging two commits of the ledger, file by file: the paths only one side
 * changed since the merge base are taken from that side; a path both sides
 * changed is merged field by field (lib/merge.h) when it is a ledger file,
 * and is a conflict otherwise. Rename detection is off: an office's edit
 * is never moved onto a similar record. Only the changed paths are read.
 */
#ifndef SF_MERGE_TREE_H
#define SF_MERGE_TREE_H

#include <git2.h>

#include "ledger.h"
#include "merge.h"
#include "store.h"

struct sf_merge_stats {
	size_t theirs;		/* paths taken from theirs */
	size_t merged;		/* paths merged field by field */
};

/*
 * Merge commit theirs into HEAD. c receives what changes in HEAD's tree
 * (empty when theirs brings nothing new). SF_ECONFLICT when a conflict is
 * left (every one is in cf); SF_EINVALID when the two have no common
 * history.
 */
int sf_merge_commits(struct sf_ledger *l, const git_oid *theirs,
    struct sf_resolutions *res, struct sf_change *c,
    struct sf_conflicts *cf, struct sf_merge_stats *st);

/* c receives the changes from commit from's tree to commit to's. */
int sf_tree_changes(git_repository *repo, const git_oid *from,
    const git_oid *to, struct sf_change *c);

/* Whether path is one of the ledger's own files (issues/, meetings/,
 * units.yaml, .sanfen/). */
int sf_is_ledger_path(const char *path);

#endif
