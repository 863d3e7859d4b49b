/*
 * Three-way merge of one ledger file, field by field: the merger behind
 * sanfen-sync and sanfen-merge-driver.
 *
 * The three versions are loaded as YAML trees and merged key by key:
 *
 *  - a mapping merges each key on its own; a key removed on one side and
 *    unchanged on the other is removed;
 *  - a list of mappings merges item by item, items matched by identity:
 *    `id`, else `no` (tasks), else `issue` (agenda items), else `unit`
 *    (attendees), else `date` and `note` together (progress entries), else
 *    the whole item; a list of scalars merges as a set, in order;
 *  - a scalar changed on one side takes that side's value; changed on both
 *    sides to the same value, that value; to different values, a conflict.
 *
 * Items added on either side are kept (both offices' progress notes
 * survive). The result is validated as the kind of file it is (issue,
 * meeting, units, config) and written as sanfen writes that kind; a result
 * the validator refuses is a conflict too. Only git's merge driver writes
 * conflict markers, around the conflicting fields alone.
 */
#ifndef SF_MERGE_H
#define SF_MERGE_H

#include <stddef.h>

#include "buf.h"

struct sf_units;

/* One true conflict: both sides changed key of file differently. */
struct sf_conflict {
	char *file;		/* path relative to the ledger root */
	char *key;		/* "status", "tasks[2].due", "(file)" … */
	char *base;		/* values as one line: a scalar's text, a */
	char *ours;		/* collection as JSON, "(absent)" */
	char *theirs;
};

struct sf_conflicts {
	struct sf_conflict *v;
	size_t n;
	size_t alloc;
};

void sf_conflicts_init(struct sf_conflicts *cf);
void sf_conflicts_clear(struct sf_conflicts *cf);
void sf_conflict_add(struct sf_conflicts *cf, const char *file,
    const char *key, const char *base, const char *ours, const char *theirs);

/*
 * How to settle a conflict (sanfen-sync --resolve ID KEY ours|theirs|VALUE):
 * who names the file (an issue or meeting id, or the path), key the key
 * path as a conflict prints it.
 */
enum sf_side { SF_TAKE_VALUE, SF_TAKE_OURS, SF_TAKE_THEIRS };

struct sf_resolution {
	const char *who;
	const char *key;
	enum sf_side side;
	const char *value;	/* SF_TAKE_VALUE */
	int used;
};

struct sf_resolutions {
	struct sf_resolution *v;
	size_t n;
};

/* A side of the merge: NULL data means the file is absent on that side. */
struct sf_version {
	const char *data;
	size_t len;
};

/*
 * Merge file (its ledger path, which decides how the result is validated)
 * from base, ours and theirs. units (may be NULL) validates unit fields.
 * 0: the merged bytes are appended to out; 1: the merge removes the file. SF_ECONFLICT: every conflict
 * is added to cf, out is left alone. SF_EINVALID: a side cannot be read
 * (the error names it). res (may be NULL) settles conflicts it names.
 */
int sf_merge_file(const char *file, const struct sf_version *base,
    const struct sf_version *ours, const struct sf_version *theirs,
    const struct sf_units *units, struct sf_resolutions *res,
    struct sf_buf *out, struct sf_conflicts *cf);

/*
 * The same, for git's merge driver: on a conflict out receives the
 * field-level merge all the same, with only the conflicting fields
 * between conflict markers (lib/markers.h), and SF_ECONFLICT is
 * returned with every conflict in cf. sanfen-check names the markers;
 * sanfen-sync --resolve settles them.
 */
int sf_merge_file_marked(const char *file, const struct sf_version *base,
    const struct sf_version *ours, const struct sf_version *theirs,
    const struct sf_units *units, struct sf_buf *out,
    struct sf_conflicts *cf);

/* "file: key: ours 'x', theirs 'y' (was 'z')" into out. */
void sf_conflict_format(const struct sf_conflict *c, struct sf_buf *out);

#endif
