/*
 * What changed between two trees, path by path: the two trees walked side
 * by side in git's order, a subtree whose id is the same on both sides not
 * entered, so a diff costs what changed and not the size of the tree
 * (libgit2's diff machinery, with its iterators and path buffers, took a
 * hundred times as long on a ledger of 100,000 issues). Used by the query
 * cache and by the central check.
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

#endif
