/*
 * Git lock files. A process killed while git or libgit2 held a lock
 * (index.lock, HEAD.lock, refs/heads/<branch>.lock, packed-refs.lock,
 * config.lock) leaves the file behind, and every later write fails on it.
 * But a lock file that no process has open is not always stale: git
 * closes a branch's lock once it has written the new id into it and only
 * renames it at the end of the transaction, after its
 * reference-transaction hook (which may take its time) has run; a lock
 * removed meanwhile makes that git command fail, and another writer's
 * update slips in under it.
 *
 * So, in this clone, with the ledger's own lock held (no other sanfen
 * writer runs), a lock file is removed as stale only when all of these
 * hold, and refused, naming it, otherwise:
 *
 *  - it is ours (same owner);
 *  - no process has it open (/proc/PID/fd of every process we can see);
 *  - no git process runs in this repository: none whose name (its
 *    /proc/PID/comm, else the file its /proc/PID/exe names) is git or
 *    git-*, with its working directory inside the work tree or the git
 *    directory, or GIT_DIR in its environment naming a path inside the
 *    git directory. Such a command may be in its hooks with the lock
 *    closed; it removes or renames the lock itself when it ends.
 *
 * In another repository (the central one a sync pushes to) a lock file is
 * never removed: its writers are other clones' pushes, which the ledger's
 * lock does not hold back and whose processes may not be ours to see.
 */
#ifndef SF_GITLOCK_H
#define SF_GITLOCK_H

#include <git2.h>

/* 0 when no lock file stands in the way (stale ones removed; *removed,
 * if not NULL, counts them); SF_EREFUSED naming the one in use. */
int sf_git_locks_clear(git_repository *repo, int *removed);

/* The same for one reference's lock in this clone (refs/remotes/origin/
 * main.lock): 0 when none stands in the way. */
int sf_git_ref_lock_clear(git_repository *repo, const char *refname);

/*
 * A branch's lock in another repository (the central one): waited on,
 * for at most seconds, never removed. 0 when there is none, or once it
 * is gone (the push that held it has ended: the caller's
 * compare-and-swap tells whether it moved the branch); SF_EREFUSED,
 * naming the file and saying that a push may be in progress, when it is
 * still there.
 */
#define SF_GITLOCK_WAIT_SECONDS 10
int sf_git_remote_ref_lock_wait(git_repository *repo, const char *refname,
    int seconds);

#endif
