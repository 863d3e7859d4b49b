/*
 * What changed between two trees, path by path: the two trees walked side
 * by side in git's order, a subtree whose id is the same on both sides not
 * entered, so a diff costs what changed and not the size of the tree
 * (libgit2's diff machinery, with its iterators and path buffers, took a
 * hundred times as long on a ledger of 100,000 issues). The one tree diff
 * of the store: the query cache, the central check, the merges of
 * sanfen-sync and the history of one file (sanfen-log) all use it. No
 * rename is detected: a path moved is one removed and one added.
 */
#ifndef SF_TREEDIFF_H
#define SF_TREEDIFF_H

#include <git2.h>

/* One path that differs. A side without it has a zero id and mode 0; a
 * name that is a file on one side and a folder on the other is reported
 * as the file removed (or added) and every path below the folder. */
struct sf_tree_change {
	const char *path;	/* below prefix, '/'-separated */
	git_oid old_id, new_id;
	unsigned old_mode, new_mode;	/* git_filemode_t */
};

typedef int (*sf_tree_change_fn)(const struct sf_tree_change *c,
    void *ctx);

/*
 * Call cb for each path that differs between the trees from and to (a zero
 * id is the empty tree), in path order; prefix (e.g. "issues/") is put
 * before every path. A non-zero return from cb stops the walk and is
 * returned; a tree that cannot be read is -1.
 */
int sf_tree_diff(git_repository *repo, const git_oid *from,
    const git_oid *to, const char *prefix, sf_tree_change_fn cb, void *ctx);

/*
 * The same, limited to path: the file there (a folder there is no change
 * of it), or with a trailing '/' every path below that folder. Only the
 * folders on the way to it are read, one name looked up in each, so the
 * cost does not grow with the folders' size. Paths are reported whole,
 * as below the trees from and to.
 */
int sf_tree_diff_path(git_repository *repo, const git_oid *from,
    const git_oid *to, const char *path, sf_tree_change_fn cb, void *ctx);

#endif
