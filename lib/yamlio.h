/*
 * YAML in and out. Loading is strict and defensive (libyaml 0.2.5 enforces
 * no limits itself); emitting is deterministic, so that load-then-save of an
 * unchanged file gives the same bytes.
 *
 * A document becomes a tree of struct sf_node allocated from one arena.
 * The same tree, built by the models, is what the emitters write out as
 * YAML or JSON.
 */
#ifndef SF_YAMLIO_H
#define SF_YAMLIO_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"

enum sf_node_kind {
	SF_NODE_SCALAR,
	SF_NODE_SEQ,
	SF_NODE_MAP
};

/*
 * What a scalar is. A loaded scalar is SF_STR when it was quoted or written
 * as a block scalar; a plain scalar is SF_PLAIN and its meaning is up to the
 * reader (the models know which keys hold dates or numbers).
 * Built nodes say what they are, so that the YAML emitter quotes a string
 * that would read back as another type ("2024", "yes", "null") and the JSON
 * emitter writes numbers, booleans and null bare.
 */
enum sf_scalar_type {
	SF_STR,
	SF_PLAIN,
	SF_INT,
	SF_NUM,		/* decimal fraction, already formatted in str */
	SF_BOOL,
	SF_NULL,
	SF_DATE		/* YYYY-MM-DD, plain in YAML, a string in JSON */
};

struct sf_node {
	enum sf_node_kind kind;
	enum sf_scalar_type type;	/* scalars only */
	unsigned line, col;	/* 1-based source position; 0 when built */
	const char *key;	/* the key, when this node is a map value */
	unsigned key_line, key_col;
	const char *str;	/* scalars: NUL-terminated; may hold no NUL */
	size_t len;
	struct sf_node **kids;	/* sequence items, or map values in order */
	size_t n;
	size_t alloc;
	int flow;		/* emit a sequence of scalars in flow style */
};

struct sf_yaml_limits {
	size_t max_bytes;	/* whole input; checked before parsing */
	unsigned max_depth;	/* nesting of collections */
	size_t max_scalar;	/* bytes in one scalar */
	size_t max_items;	/* entries in one sequence or mapping */
	size_t max_nodes;	/* nodes in the whole document */
};

/* 1 MiB, depth 16, 256 KiB scalars, 10,000 items, 200,000 nodes */
extern const struct sf_yaml_limits sf_yaml_issue_limits;
/* the same with 4 MiB of input, for meetings */
extern const struct sf_yaml_limits sf_yaml_meeting_limits;

/*
 * Parse one YAML document. file names the input in messages. Refused, each
 * with file:line:column and the key where known (SF_EINVALID): input over
 * the limits, invalid UTF-8, control characters other than tab and newline
 * (also when written as escapes such as "\0" or "\e"), anchors, aliases,
 * tags, more than one document, a root that is not a mapping (unless
 * allow_any_root), complex or non-scalar keys, duplicate keys.
 * An empty document is an empty mapping. A UTF-8 byte order mark at the
 * start is passed over.
 */
int sf_yaml_load(struct sf_arena *a, const char *file, const char *data,
    size_t len, const struct sf_yaml_limits *lim, int allow_any_root,
    struct sf_node **out);

/* Builders: nodes come from arena a; strings are copied. */
struct sf_node *sf_node_map(struct sf_arena *a);
struct sf_node *sf_node_seq(struct sf_arena *a);
struct sf_node *sf_node_str(struct sf_arena *a, const char *s);
struct sf_node *sf_node_scalar(struct sf_arena *a, enum sf_scalar_type t,
    const char *s);
struct sf_node *sf_node_int(struct sf_arena *a, long long v);
struct sf_node *sf_node_bool(struct sf_arena *a, int v);
struct sf_node *sf_node_date(struct sf_arena *a, const char *ymd);
/* Append an item to a sequence, or key: value to a map; returns child. */
struct sf_node *sf_node_push(struct sf_arena *a, struct sf_node *seq,
    struct sf_node *child);
struct sf_node *sf_node_set(struct sf_arena *a, struct sf_node *map,
    const char *key, struct sf_node *child);

/* key: s as a string / a date, when s is not NULL (else nothing). */
void sf_node_set_text(struct sf_arena *a, struct sf_node *map,
    const char *key, const char *s);
void sf_node_set_date(struct sf_arena *a, struct sf_node *map,
    const char *key, const char *s);

/* The value of key in map, or NULL. */
struct sf_node *sf_node_get(const struct sf_node *map, const char *key);
/* Deep equality of two nodes, keys in order, scalars by text (either may
 * be NULL: equal only when both are). */
int sf_node_equal(const struct sf_node *x, const struct sf_node *y);

/*
 * Emit as block YAML to out (appended), UTF-8 written as is. Map keys keep
 * the tree's order. Strings with a newline are literal block scalars ("|",
 * "|-" when there is no final newline); strings that would read back as
 * another type, or that plain style cannot carry, are quoted. Sequences
 * marked flow whose items are all scalars are written [a, b].
 */
int sf_yaml_emit(const struct sf_node *root, struct sf_buf *out);

/*
 * Emit as JSON (appended). indent 0 gives one line; otherwise pretty with
 * that many spaces. Non-ASCII is written as UTF-8, control characters as
 * \u escapes. SF_PLAIN scalars are written as strings.
 */
void sf_json_emit(const struct sf_node *root, struct sf_buf *out, int indent);
/* n as it would stand level deep in a document (items written one by one
 * into an array that is never built whole). */
void sf_json_emit_at(const struct sf_node *n, struct sf_buf *out, int indent,
    int level);
/* A JSON string literal of s (with quotes). */
void sf_json_quote(struct sf_buf *out, const char *s, size_t len);

/* 1 when a plain scalar s would be read by a YAML 1.1 or 1.2 loader as
 * something other than a string (null, bool, int, float, date/time). */
int sf_yaml_plain_is_typed(const char *s, size_t len);

/* UTF-8 check: 0 when valid, else the byte offset of the first bad byte
 * plus one. */
size_t sf_utf8_invalid_at(const char *s, size_t len);

#endif
