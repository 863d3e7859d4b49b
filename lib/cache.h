/*
 * The query cache (.git/sanfen/issues.cache): the fields of every issue
 * of HEAD's tree, so that a command that needs only those reads one file
 * instead of parsing every issue's YAML.
 *
 * The cache records the id of the issues/ tree it was written for and,
 * per file, its path and blob id: blobs are immutable, so a record is
 * never stale. When HEAD's issues/ tree is the one recorded, nothing else
 * is read; when it is not, the two trees are diffed (libgit2 skips the
 * subtrees whose ids are equal, so the cost is that of what changed) and
 * only the changed blobs are parsed. So a commit by sanfen, a sync, a
 * plain `git pull` or a checkout is seen by the next scan, which brings
 * the cache up to date. What changed is written to a second file, the
 * delta (issues.cache.delta), so that a change costs what it changed;
 * once the delta has grown past a sixteenth of the records, the next scan
 * writes the whole cache again.
 *
 * A record is the indexed fields first (decoded for every scan) and the
 * rest of the issue after them (decoded by sf_scan_full), so a command
 * that prints whole issues does not parse YAML either. The header holds
 * the count of records and a checksum, every record a checksum that is
 * checked before it is used: a damaged, cut-short or foreign cache, or one
 * written for another units.yaml, config or version, is detected — the
 * scan goes on from HEAD's tree, never from a damaged record — and
 * rebuilt. It is written, to a temporary file renamed over it, only when
 * something changed. The scan holds one record at a time.
 *
 * The cache keeps a record for every file under issues/, not only for
 * the issues it can answer: an issue file that does not read (its blob
 * unreadable, not YAML, invalid, a symbolic link) and a file not named as
 * an issue file are remembered too, so that a scan answered from the
 * cache names them exactly as a scan that parsed every blob (see
 * sf_scan_problems). An invalid file's message is not kept: its blob is
 * read and parsed again each time it is met, so that the message is in
 * the reader's language and an object repaired since is seen.
 *
 * SANFEN_CACHE=0 turns it off (nothing read or written, every blob
 * parsed); SANFEN_TRACE=1 prints what a scan did on standard error.
 */
#ifndef SF_CACHE_H
#define SF_CACHE_H

#include <stddef.h>

#include "issue.h"
#include "ledger.h"
#include "strset.h"

/*
 * One issue file of HEAD's tree. is holds the indexed fields — every key
 * of the issue but contact, material, decision, screening.similar and
 * screening.note — or, when full is set, the whole issue. is is NULL when
 * the file is invalid (sf_error_message() says why, naming the file).
 * Everything is the scan's: valid until the callback returns.
 */
struct sf_scan_item {
	const char *rel;
	const char *id;
	struct sf_issue *is;
	int full;
	void *more;		/* the scan's: where the rest is cached */
	git_oid blob;		/* the file's blob in HEAD's tree */
};

typedef int (*sf_scan_fn)(struct sf_ledger *l, struct sf_scan_item *it,
    void *ctx);

struct sf_scan_stats {
	size_t files;		/* issue files met, handed on or not */
	size_t cached;		/* answered from the cache */
	size_t parsed;		/* parsed as YAML from their blobs */
	size_t invalid;		/* of those, invalid */
	int rebuilt;		/* no usable cache: every file parsed */
	int damaged;		/* the cache was damaged (and is removed) */
	int written;		/* a new cache file was written */
};

/*
 * Which issues a scan hands on: those with a status in status (a mask of
 * 1u << enum sf_status; 0 for any) submitted from from to to (dates
 * YYYY-MM-DD, NULL for no bound; ids begin with the submission date) and,
 * when open_before is set, with an open task due before that date. The
 * others are passed over without being decoded. An invalid file is handed
 * on (with is NULL) whatever the where, so that it is named.
 */
struct sf_scan_where {
	unsigned status;
	const char *from, *to;
	const char *open_before;
	/* or those this one hands on, when not NULL (one scan for two
	 * questions: sanfen-report's period and its overdue tasks) */
	const struct sf_scan_where *or;
};

/*
 * Every issue file of the ledger as committed — HEAD's tree, as git log
 * reads it, not the work tree — in path order (so by submission date),
 * with its fields from the cache where the cache knows its blob. where
 * may be NULL (every issue). A non-zero return from cb stops the scan and
 * is returned. stats may be NULL.
 */
int sf_issues_scan(struct sf_ledger *l, const struct sf_scan_where *where,
    sf_scan_fn cb, void *ctx, struct sf_scan_stats *stats);
/* The same, handing on besides the issues whose id is in ids, whatever
 * where says of them: one scan for the issues a command names (an
 * agenda's) and those it selects, each read once. */
int sf_issues_scan_ids(struct sf_ledger *l, const struct sf_scan_where *where,
    const struct sf_strset *ids, sf_scan_fn cb, void *ctx,
    struct sf_scan_stats *stats);

/* Make it->is the whole issue, parsing its file if need be. A failure is
 * also kept among the ledger's scan problems. */
int sf_scan_full(struct sf_ledger *l, struct sf_scan_item *it);

/* The ledger's problems so far (NULL when none); the ledger keeps them. */
struct sf_scan_problems *sf_scan_problems(struct sf_ledger *l);

/* 0 when SANFEN_CACHE turns the caches off. */
int sf_cache_enabled(void);

/* The cache file's path (in the repository's git directory); caller frees. */
char *sf_cache_path(struct sf_ledger *l);

#endif
