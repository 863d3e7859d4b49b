/*
 * Reading typed values out of a loaded YAML tree, each finding appended to
 * a struct sf_diags at the value's file, line, column and key path. The
 * models (units, config, issue, meeting) are written with these.
 */
#ifndef SF_READER_H
#define SF_READER_H

#include "arena.h"
#include "enums.h"
#include "error.h"
#include "yamlio.h"

/* Where a value was read: its path ("tasks[2].due") and position. */
struct sf_rd_pos {
	struct sf_rd_pos *next;
	const char *path;
	unsigned line, col;		/* the value */
	unsigned key_line, key_col;	/* its key, in a mapping */
};

struct sf_rd {
	const char *file;
	struct sf_diags *d;
	struct sf_arena *a;	/* where the strings read are copied */
	/* NULL, or the list (newest first, from a) that sf_rd_get and
	 * sf_rd_item add each value they find to: a model checked after
	 * its fields changed looks positions up by path (sf_issue_validate) */
	struct sf_rd_pos **pos;
};

/* A finding at n's position (the file alone when n is NULL). */
void sf_rd_bad(struct sf_rd *r, const struct sf_node *n, const char *path,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A finding at a map value's key. */
void sf_rd_bad_key(struct sf_rd *r, const struct sf_node *n,
    const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "parent.key" or "key" (parent empty), "parent[i]" with i from 1; from
 * r->a. */
const char *sf_rd_path(struct sf_rd *r, const char *parent, const char *key);
const char *sf_rd_index(struct sf_rd *r, const char *parent, size_t i);

/* The value of key in map (NULL when absent), its path "parent.key" (or
 * key) in *path; recorded in r->pos. */
const struct sf_node *sf_rd_get(struct sf_rd *r, const struct sf_node *map,
    const char *parent, const char *key, const char **path);
/* The i-th item of seq, its path "parent[i+1]" in *path; recorded. */
const struct sf_node *sf_rd_item(struct sf_rd *r, const struct sf_node *seq,
    const char *parent, size_t i, const char **path);

/* A plain null: empty, "~", "null". */
int sf_rd_null(const struct sf_node *n);
/* 0 when n is a mapping (else a finding and -1). */
int sf_rd_map(struct sf_rd *r, const struct sf_node *n, const char *path);
int sf_rd_seq(struct sf_rd *r, const struct sf_node *n, const char *path);
/* Every key of map not in known (NULL-terminated) is a finding. */
void sf_rd_known(struct sf_rd *r, const struct sf_node *map,
    const char *path, const char *const *known);

/* Text (a copy in r->a); NULL for null or on a finding. one_line refuses
 * a newline. */
const char *sf_rd_text(struct sf_rd *r, const struct sf_node *n,
    const char *path, int one_line);
/* 0, or -1 and a finding when n is a plain scalar that YAML reads as a
 * number, a boolean, a date or null (2024, yes, 2024-10-08): other
 * readers of the file would not see text there. */
int sf_rd_untyped(struct sf_rd *r, const struct sf_node *n,
    const char *path);
/* What sf_rd_str reads: text, one line of it, or an id (which is not
 * looked at as sf_rd_untyped does: what YAML would type is no valid id
 * anyway). */
enum sf_rd_text { SF_RD_TEXT, SF_RD_LINE, SF_RD_ID };
/* The models' text (a copy in r->a): NULL when null or empty, or on a
 * finding (sf_rd_untyped, one line). */
const char *sf_rd_str(struct sf_rd *r, const struct sf_node *n,
    const char *path, enum sf_rd_text what);
/* An enum value by token or Chinese name; -1 for null or a finding. */
int sf_rd_enum(struct sf_rd *r, const struct sf_node *n, const char *path,
    const struct sf_enum *e);
/* A list of enum values as a mask, each value once (0 for null or a
 * finding); the items recorded as sf_rd_item does. */
unsigned sf_rd_enum_set(struct sf_rd *r, const struct sf_node *n,
    const char *path, const struct sf_enum *e);
/* A real date YYYY-MM-DD (copied); NULL for null or a finding. */
const char *sf_rd_date(struct sf_rd *r, const struct sf_node *n,
    const char *path);
/* A plain integer within [min, max]; 0 or -1 (finding, *out unchanged). */
int sf_rd_int(struct sf_rd *r, const struct sf_node *n, const char *path,
    long min, long max, long *out);
int sf_rd_num(struct sf_rd *r, const struct sf_node *n, const char *path,
    double min, double max, double *out);
int sf_rd_bool(struct sf_rd *r, const struct sf_node *n, const char *path,
    int *out);

/*
 * By key: the value of key in map (sf_rd_get, recorded) read as above,
 * its path "parent.key" in findings. sf_rd_key_int is -1 when the key is
 * absent too. sf_rd_key_seq gives the list to read (NULL when null,
 * absent or empty, a finding when not a list), its path in *path.
 */
const char *sf_rd_key_str(struct sf_rd *r, const struct sf_node *map,
    const char *parent, const char *key, enum sf_rd_text what);
const char *sf_rd_key_date(struct sf_rd *r, const struct sf_node *map,
    const char *parent, const char *key);
int sf_rd_key_enum(struct sf_rd *r, const struct sf_node *map,
    const char *parent, const char *key, const struct sf_enum *e);
int sf_rd_key_int(struct sf_rd *r, const struct sf_node *map,
    const char *parent, const char *key, long min, long max, long *out);
const struct sf_node *sf_rd_key_seq(struct sf_rd *r,
    const struct sf_node *map, const char *parent, const char *key,
    const char **path);
/* The i-th item of seq as a mapping with known keys (sf_rd_known), or
 * NULL with a finding ("empty entry", not a mapping); recorded. */
const struct sf_node *sf_rd_item_map(struct sf_rd *r,
    const struct sf_node *seq, const char *parent, size_t i,
    const char *const *keys, const char **path);

/*
 * A settings file (units.yaml, .sanfen/config.yaml): its model keeps
 * pointers into the arena the file was loaded into. sf_rd_doc_parse loads
 * data (within sf_yaml_issue_limits) and hands the tree to build, which
 * makes the model at out and, when it succeeds, keeps the arena; on
 * failure the arena is freed. sf_rd_doc_load reads path first, no
 * symbolic link in file's part of it followed (sf_buf_read_nofollow),
 * file being its name in messages.
 */
typedef int sf_rd_build_fn(struct sf_arena *a, const char *file,
    const struct sf_node *root, struct sf_diags *d, void *out);
int sf_rd_doc_parse(const char *file, const char *data, size_t len,
    sf_rd_build_fn *build, void *out);
int sf_rd_doc_load(const char *path, const char *file,
    sf_rd_build_fn *build, void *out);

/* Nodes for emitting: a flow list of the tokens set in mask, in e's order. */
struct sf_node *sf_node_enums(struct sf_arena *a, const struct sf_enum *e,
    unsigned mask);
/* key: the token of value v of e, set in map; nothing when v is unset
 * (out of e's range). */
void sf_node_set_enum(struct sf_arena *a, struct sf_node *map,
    const char *key, const struct sf_enum *e, int v);

#endif
