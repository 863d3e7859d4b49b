/*
 * sanfen-sync: fetch from a remote, merge field by field, push — through
 * libgit2, with nothing lost:
 *
 *  - a push to a local remote (a path or file://) moves the remote branch
 *    with a compare-and-swap on the id it had when we fetched (libgit2's
 *    local transport would overwrite it), after running the remote's
 *    hooks/pre-receive as git-receive-pack would; a lock on that branch
 *    (another push in flight, perhaps in its reference-transaction hook
 *    with the lock closed) is waited on for o->lock_wait seconds, never
 *    removed (lib/gitlock.h);
 *  - a push over the network checks the status the server gives each
 *    reference (a refused update does not fail git_remote_push);
 *  - a raced or refused-as-stale push fetches, merges and tries again;
 *  - a conflict leaves the clone as it was before the sync: branch, work
 *    tree and remote-tracking branch.
 */
#ifndef SF_SYNC_H
#define SF_SYNC_H

#include <git2.h>

#include "ledger.h"
#include "merge.h"
#include "merge_tree.h"

struct sf_sync_opts {
	const char *remote;	/* NULL: branch.<b>.remote, else origin */
	int push;		/* 0: fetch and merge only */
	int tries;		/* fetch-merge-push rounds before giving up */
	const char *unit;	/* acting unit for the merge's trailer */
	struct sf_resolutions *res;
	int lock_wait;		/* seconds to wait for a lock on the remote's
				 * branch (a local remote's), never removed */
};

struct sf_sync_result {
	char remote[256];
	char branch[256];	/* the remote's branch, "main" */
	char url[1024];
	int local;		/* the remote is a path on this machine */
	int action;		/* SF_SYNC_NONE, _FAST_FORWARD or _MERGE */
	struct sf_merge_stats merge;
	size_t pushed;		/* commits the remote did not have */
	int tries;		/* rounds used */
	git_oid before;		/* HEAD before and after */
	git_oid head;
};

enum { SF_SYNC_NONE, SF_SYNC_FAST_FORWARD, SF_SYNC_MERGE };

/*
 * Sync l with its remote. SF_ECONFLICT with the conflicts in cf; SF_EREFUSED
 * when the remote refuses the push (its hook's output went to stderr).
 * The caller holds the ledger's lock.
 */
int sf_sync(struct sf_ledger *l, const struct sf_sync_opts *o,
    struct sf_sync_result *r, struct sf_conflicts *cf);

/* Whether url names a repository on this machine (a path, file://). */
int sf_url_is_local(const char *url, const char **path);


#endif
