/*
 * The git store: every change to the ledger goes through sf_store_commit,
 * which makes exactly one commit and touches no other path.
 *
 *  0. refuse while git has an operation in progress in the clone (a
 *     merge stopped on a conflict, a rebase…: lib/clone.h);
 *  1. refuse if a touched path has uncommitted edits (index or working tree
 *     differ from HEAD, or an untracked file stands where a new one goes);
 *  2. write blobs; build the new tree from the HEAD tree that was read when
 *     the ledger was opened (git_tree_create_updated);
 *  3. create the commit with that HEAD as parent and move the branch with a
 *     compare-and-swap on its old id: if HEAD moved meanwhile, SF_ECONFLICT
 *     ("ledger changed, retry") and nothing is written;
 *  4. bring only the touched paths up to date in the index and working tree,
 *     so `git status` is clean and the user's next `git commit` keeps ours.
 *
 * Author and committer come from GIT_AUTHOR_* / GIT_COMMITTER_* (NAME,
 * EMAIL, DATE), else git config user.name / user.email, as git does.
 */
#ifndef SF_STORE_H
#define SF_STORE_H

#include <stddef.h>

#include <git2.h>

#include "buf.h"
#include "ledger.h"

struct sf_change;

struct sf_change *sf_change_new(void);
void sf_change_free(struct sf_change *c);
/* Write data (copied) at path, relative to the ledger root, '/'-separated. */
void sf_change_put(struct sf_change *c, const char *path, const void *data,
    size_t len);
void sf_change_remove(struct sf_change *c, const char *path);
size_t sf_change_count(const struct sf_change *c);
/* The i-th path of c; *data (may be NULL) its new bytes, NULL when the
 * change removes it. */
const char *sf_change_at(const struct sf_change *c, size_t i,
    const char **data, size_t *len);
/*
 * c finishes a merge git left in progress (sanfen-sync after a git pull
 * stopped on a conflict): the store allows the merge state and the
 * uncommitted paths the caller has vetted, and ends git's merge state
 * (MERGE_HEAD, MERGE_MSG) once the merge commit is made.
 */
void sf_change_finish_merge(struct sf_change *c);

/*
 * A commit message: subject line, optional body, then trailers in the order
 * added, e.g.
 *
 *	submit 20241008-k3f9qa: 宁波舟山港某码头项目用海审批
 *
 *	Sanfen-Action: submit
 *	Sanfen-Issue: 20241008-k3f9qa
 *	Sanfen-Status: none -> submitted
 *	Sanfen-Unit: ningbo
 */
struct sf_msg {
	struct sf_buf subject;
	struct sf_buf body;
	struct sf_buf trailers;
};
#define SF_MSG_INIT { .subject = SF_BUF_INIT, .body = SF_BUF_INIT, \
	.trailers = SF_BUF_INIT }

void sf_msg_init(struct sf_msg *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sf_msg_body(struct sf_msg *m, const char *text);
void sf_msg_trailer(struct sf_msg *m, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void sf_msg_release(struct sf_msg *m);

/* A file is written beside its path with this suffix, then renamed: a
 * name with it is a writer's file on its way (or one a killed writer
 * left), never a ledger file. */
#define SF_STORE_TMP_SUFFIX ".sanfen-tmp"
int sf_store_tmp_name(const char *name);

/* Make the commit; *out (may be NULL) receives its id. */
int sf_store_commit(struct sf_ledger *l, const struct sf_change *c,
    const struct sf_msg *msg, git_oid *out);

/*
 * A merge commit: c (the merged files, relative to HEAD's tree) committed
 * with HEAD as first parent and other as second (sanfen-sync).
 */
int sf_store_merge(struct sf_ledger *l, const struct sf_change *c,
    const struct sf_msg *msg, const git_oid *other, git_oid *out);
/*
 * Move the branch to the commit to, whose tree differs from HEAD's by c
 * (a fast-forward, or sanfen-sync undoing its own merge), and bring those
 * paths up to date: the same checks and compare-and-swap as a commit.
 * reflog is the reflog message.
 */
int sf_store_move(struct sf_ledger *l, const struct sf_change *c,
    const git_oid *to, const char *reflog);

/*
 * Finish what a writer killed between moving the branch and updating the
 * work tree left undone (its journal, .git/sanfen/journal, names the
 * paths): each path still as the commit before has it is brought to HEAD;
 * a path that is neither is refused, saying what to do. Called with the
 * ledger's lock held (sf_ledger_lock).
 */
int sf_store_recover(struct sf_ledger *l);

/* The signature git would use for author (which 0) or committer (1).
 * SF_EINVALID when no identity is configured, saying how to set one. */
int sf_store_signature(git_repository *repo, int which, git_signature **out);

/*
 * Create a repository at root with the given files as its first commit
 * (sanfen-init): refuses a directory that already holds a ledger; an
 * existing git repository is used as is, its branch getting one commit.
 */
int sf_store_init(const char *root, const struct sf_change *c,
    const struct sf_msg *msg, git_oid *out);

#endif
