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
#include "units.h"
#include "yamlio.h"

struct sf_rd {
	const char *file;
	struct sf_diags *d;
	struct sf_arena *a;	/* where the strings read are copied */
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
/* An enum value by token or Chinese name; -1 for null or a finding. */
int sf_rd_enum(struct sf_rd *r, const struct sf_node *n, const char *path,
    const struct sf_enum *e);
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
/* A unit's id, by id or name when units is given; NULL on a finding. */
const char *sf_rd_unit(struct sf_rd *r, const struct sf_node *n,
    const char *path, const struct sf_units *units);

/* Nodes for emitting: a flow list of the tokens set in mask, in e's order. */
struct sf_node *sf_node_enums(struct sf_arena *a, const struct sf_enum *e,
    unsigned mask);

#endif
