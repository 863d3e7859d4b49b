/*
 * An open ledger: its root directory, its git repository, config and unit
 * registry, today's date and the HEAD that was read when it was opened
 * (writers commit against that HEAD, so a concurrent change is detected).
 */
#ifndef SF_LEDGER_H
#define SF_LEDGER_H

#include <git2.h>

#include "config.h"
#include "date.h"
#include "strset.h"
#include "units.h"

#define SF_CONFIG_PATH ".sanfen/config.yaml"
#define SF_UNITS_PATH "units.yaml"

/*
 * What the scans of a ledger (lib/cache.h) met that they could not hand
 * on as an issue, each file once however many scans met it, in the order
 * met: an issue file that does not read (handed on with is NULL) is an
 * error, and a file under issues/ that is not named
 * issues/YYYY/MM/<id>.yaml (not read at all) a warning. Files whose name begins with "." and a writer's
 * temporary files are passed over without a word, as sanfen-check does.
 * The readers name them all (cmd/cli.c, sf_cli_scan_problems), every
 * time, whether the answer came from the cache or from the blobs.
 */
struct sf_scan_problem {
	char *rel;
	char *msg;		/* naming the file, as sf_error_message() */
	int warning;		/* a misnamed file, not an invalid issue */
};

struct sf_scan_problems {
	struct sf_scan_problem *v;
	size_t n, alloc;
	size_t said;		/* the first said were named already */
	struct sf_strset seen;	/* their paths */
};

struct sf_ledger {
	char *root;		/* absolute, no trailing slash */
	git_repository *repo;
	struct sf_config *config;
	struct sf_units *units;
	char today[SF_DATE_LEN + 1];
	git_oid head;		/* HEAD when opened (or locked) */
	int unborn;		/* HEAD has no commit yet */
	int lock_fd;		/* held by sf_ledger_lock, else -1 */
	/* what the scans met that is not an issue they could read, or
	 * NULL */
	struct sf_scan_problems *problems;
};

/*
 * The ledger's root: dir if given (a ledger root or any directory inside
 * one), else $SANFEN_DIR, else the first directory from the current one
 * upwards that holds .sanfen/config.yaml. SF_ENOTFOUND with a message that
 * says how to name one.
 */
int sf_ledger_find(const char *dir, char **root_out);
/* Find, open the repository and load config and units. */
int sf_ledger_open(const char *dir, struct sf_ledger **out);
/*
 * A ledger read from git alone, for sanfen-check --history in a bare
 * central repository and its pre-receive hook: the repository at dir, else
 * the one $GIT_DIR and the other GIT_* variables name (a hook's quarantine
 * included), else the current directory's; config and units from the tree
 * of rev, which becomes head. No work tree: root is the git directory.
 */
int sf_ledger_open_git(const char *dir, const char *rev,
    struct sf_ledger **out);
void sf_ledger_free(struct sf_ledger *l);

/*
 * Serialise writers: wait for the ledger's own lock (an flock on
 * .git/sanfen.lock, released by the kernel when the process ends, so a
 * crash leaves no stale lock), then read HEAD again. A command that
 * writes takes it before it reads what it will change, so commands run
 * at once in one clone all succeed, one after the other. It refuses
 * while git has an operation in progress in the clone (lib/clone.h).
 * Holding it, it clears what a killed process left: stale git lock files (lib/gitlock.h)
 * and a commit whose work tree update was cut short (sf_store_recover).
 */
int sf_ledger_lock(struct sf_ledger *l);
/* The same, refusing while git has an operation in progress in the
 * clone (lib/clone.h), a merge included unless merge_ok (sanfen-sync
 * finishes a merge a git pull stopped); sf_ledger_lock refuses them all. */
int sf_ledger_lock_merge(struct sf_ledger *l, int merge_ok);

/* root + "/" + rel; caller frees */
char *sf_ledger_path(const struct sf_ledger *l, const char *rel);

/*
 * The acting unit: as (from --as) if not NULL, else $SANFEN_UNIT, else git
 * config sanfen.unit. *out is NULL (and 0 returned) when none is set;
 * SF_EINVALID when the one set is not a registered unit, SF_EREFUSED
 * when it was retired.
 */
int sf_ledger_acting_unit(struct sf_ledger *l, const char *as,
    const struct sf_unit **out);
/* SF_EREFUSED unless u holds role, with a message that says how to act as
 * a unit that does (or that no unit is set). */
int sf_ledger_require_role(struct sf_ledger *l, const struct sf_unit *u,
    int role);

/* Read, parse and validate one issue / meeting of the ledger by id. */
struct sf_issue;
struct sf_meeting;
int sf_ledger_load_issue(struct sf_ledger *l, const char *id,
    struct sf_issue **out);
int sf_ledger_load_meeting(struct sf_ledger *l, const char *id,
    struct sf_meeting **out);

#endif
