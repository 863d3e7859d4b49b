/*
 * Stale git lock files. A process killed while git or libgit2 held a lock
 * (index.lock, HEAD.lock, refs/heads/<branch>.lock, packed-refs.lock,
 * config.lock) leaves the file behind, and every later write fails on it.
 * With the ledger's own lock held no other sanfen writer runs; a lock file
 * is then provably stale when it is ours (same owner) and no process has
 * it open: git and libgit2 keep a lock file open for as long as they hold
 * it, and /proc/PID/fd shows every open file of our own processes. Such a
 * file is removed; any other is refused, naming it.
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
 * A branch's lock in another repository (the central one a sync pushes
 * to), whose writers the ledger's lock does not hold back: a lock file
 * there may be another clone's push in flight, closed a moment before
 * its rename. One that a process has open is SF_ECONFLICT (a push under
 * way: try again). One that none has open is waited on until it is gone
 * or SF_GITLOCK_STALE_SECONDS old (a push renames its lock the moment it
 * closes it), then removed as stale (SF_EREFUSED, naming it, when it is
 * another user's).
 */
#define SF_GITLOCK_STALE_SECONDS 2
int sf_git_remote_ref_lock_clear(git_repository *repo, const char *refname);

#endif
