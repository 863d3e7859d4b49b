/*
 * The ledger clone as plain git shares it. Clerks run git pull, git commit
 * and git clone beside sanfen; two things of git's own matter to a writer:
 *
 *  - an operation git left half-done (a merge stopped on a conflict, a
 *    rebase, cherry-pick, revert, bisect or git am): its index and work
 *    tree were computed from a HEAD that a sanfen commit would move, so
 *    finishing it afterwards as git advises would drop that commit's
 *    change. No sanfen writer commits while one is in progress;
 *  - the merge driver: .gitattributes (committed) names it, but git
 *    looks it up in the clone's own config, which a clone does not copy.
 *    Every command sets it where it is missing, so a first git pull
 *    already merges field by field.
 */
#ifndef SF_CLONE_H
#define SF_CLONE_H

#include <git2.h>

/* The merge driver's configuration, as sanfen-init writes it. */
#define SF_CLONE_DRIVER "sanfen-merge-driver %O %A %B %P"

/*
 * 0 when git has no operation in progress in repo; SF_EREFUSED naming
 * the one that is and how to finish or abandon it. A merge is allowed
 * when merge_ok is set (sanfen-sync finishes a merge git stopped).
 */
int sf_clone_idle(git_repository *repo, int merge_ok);

/* The commit a stopped git merge is merging (MERGE_HEAD) into *out: 0,
 * or -1 when there is none or more than one (an octopus). */
int sf_clone_merge_head(git_repository *repo, git_oid *out);

/* Set merge.sanfen.name and .driver in repo's own config. */
int sf_clone_set_driver(git_repository *repo);
/* The same only when the driver is not configured: 1 when it was set. */
int sf_clone_ensure_driver(git_repository *repo);

#endif
