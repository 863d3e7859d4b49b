/*
 * The query cache (.git/sanfen/issues.cache): the indexed fields of every
 * issue file, so that a command that needs only those reads one small
 * file instead of parsing every issue's YAML.
 *
 * Each record is keyed by the file's path, the id of its blob (the hash of
 * its bytes, as git computes it) and its stat data, as git's index is. A
 * file whose stat data changed is read again; if its blob id is the one
 * recorded, its fields are kept, else it is parsed. So the cache answers
 * for the work tree — a hand edit, a `git pull`, a checkout or a file not
 * yet committed is seen at once — and can never be stale. A file changed
 * within two seconds of the cache being written ("racy", as git calls it)
 * is always checked by its blob id.
 *
 * The file is rebuilt in one pass when it is missing, of another format or
 * version, written for another units.yaml or config, or damaged: every
 * record carries a CRC-32 that is checked before it is used, and a record
 * that fails it is read again from the issue file. The scan holds one
 * record at a time; the file is rewritten (to a temporary file renamed
 * over it) only when a record changed, starting with a plain copy of the
 * records before the first change.
 *
 * SANFEN_CACHE=0 turns it off (nothing read or written); SANFEN_TRACE=1
 * prints what a scan did on standard error.
 */
#ifndef SF_CACHE_H
#define SF_CACHE_H

#include <stddef.h>

#include "issue.h"
#include "ledger.h"

/*
 * One file of the walk. is holds the indexed fields — every key of the
 * issue but contact, material, decision, screening.similar and
 * screening.note — or, when full is set, the whole issue. is is NULL when
 * the file could not be read or is invalid (sf_error_message() says why);
 * id is NULL for a file in issues/ that is not an issue file, as in
 * sf_issues_walk. Both are the scan's: valid until the callback returns.
 */
struct sf_scan_item {
	const char *rel;
	const char *id;
	struct sf_issue *is;
	int full;
	void *more;		/* the scan's: where the rest is cached */
};

typedef int (*sf_scan_fn)(struct sf_ledger *l, struct sf_scan_item *it,
    void *ctx);

struct sf_scan_stats {
	size_t files;		/* issue files walked */
	size_t cached;		/* answered from the cache by stat data */
	size_t hashed;		/* read, and answered by their blob id */
	size_t parsed;		/* parsed as YAML */
	size_t invalid;		/* could not be read or are invalid */
	int rebuilt;		/* no usable cache was found */
	int written;		/* a new cache file was written */
};

/*
 * Every issue file in path order, as sf_issues_walk, with its fields from
 * the cache where the file is unchanged. A non-zero return from cb stops
 * the scan and is returned. stats may be NULL.
 */
int sf_issues_scan(struct sf_ledger *l, sf_scan_fn cb, void *ctx,
    struct sf_scan_stats *stats);

/* Make it->is the whole issue, parsing its file if need be. */
int sf_scan_full(struct sf_ledger *l, struct sf_scan_item *it);

/* The cache file's path (in the repository's git directory); caller frees. */
char *sf_cache_path(struct sf_ledger *l);

#endif
