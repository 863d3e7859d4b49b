/*
 * The registry of units (units.yaml): the 11 设区市, the two 专班 and the
 * provincial departments. Wherever a unit is expected its id, full name,
 * short name or an alias is accepted and the id is stored.
 *
 *	units:
 *	  - id: hangzhou
 *	    name: 杭州市人民政府
 *	    short: 杭州
 *	    kind: city
 *	    city: hangzhou
 *	  - id: tf-drc
 *	    name: 省发展改革委推进落实中心工作专班
 *	    short: 大发改专班
 *	    kind: taskforce
 *	    roles: [screen, agenda, minutes, supervise, close]
 *	  - id: dept-old
 *	    name: 某某已撤并单位
 *	    kind: department
 *	    retired: 2024-10-01
 */
#ifndef SF_UNITS_H
#define SF_UNITS_H

#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "yamlio.h"

struct sf_unit {
	const char *id;		/* [a-z0-9-]+ */
	const char *name;	/* full name, required */
	const char *short_name;	/* optional */
	int kind;		/* enum sf_unit_kind */
	int city;		/* enum sf_city for city governments, else -1 */
	unsigned roles;		/* bit (1u << enum sf_role) */
	const char **aliases;
	size_t naliases;
	const char *retired;	/* YYYY-MM-DD, or NULL: a retired unit still
				 * resolves, but no longer acts */
};

struct sf_units {
	struct sf_arena *arena;
	struct sf_unit *v;
	size_t n;
};

/* The text sanfen-init writes as units.yaml (with comments). */
extern const char sf_default_units_yaml[];

/*
 * Build the registry from a loaded document. Every finding goes to d with
 * its location (file, line, column, key); returns sf_diags_result(d).
 * Ids, names, short names and aliases must be unique across units.
 * The registry is allocated in a, its arena: free a, or sf_units_free
 * the registry, not both.
 */
int sf_units_from_node(struct sf_arena *a, const char *file,
    const struct sf_node *root, struct sf_diags *d, struct sf_units **out);
/* Read, parse and validate a file; free with sf_units_free. A symbolic
 * link in display_name's part of path is not followed (sf_issue_load). */
int sf_units_load(const char *path, const char *display_name,
    struct sf_units **out);
/* Parse from memory (the defaults, tests). */
int sf_units_parse(const char *display_name, const char *data, size_t len,
    struct sf_units **out);
void sf_units_free(struct sf_units *u);

/* By id, full name, short name, alias, or a city's Chinese name or token
 * (杭州, 杭州市, hangzhou); NULL when unknown. */
const struct sf_unit *sf_units_find(const struct sf_units *u, const char *s);
/* As find, but sets the last error "unknown unit 'x'" (SF_EINVALID). */
int sf_units_resolve(const struct sf_units *u, const char *s,
    const struct sf_unit **out);
/* The unit governing a city (kind city, city == c), or NULL. */
const struct sf_unit *sf_units_city(const struct sf_units *u, int city);
int sf_unit_has_role(const struct sf_unit *u, int role);
/*
 * 1 when unit may change the ledger's rules, units and signers
 * (sanfen-admin): it holds the admin role; or, in a registry that gives
 * admin to no unit at all (one written before the role existed), it is
 * tf-office. Retirement is not looked at: a retired unit does not act.
 */
int sf_units_is_admin(const struct sf_units *u, const struct sf_unit *unit);

/* 1 when s is well formed for a unit id: [a-z0-9][a-z0-9-]*. */
int sf_unit_id_valid(const char *s);

/*
 * Reading a unit where a file names one (lib/reader.h): by id or name,
 * stored as its id, when units is given; when it is NULL, an id kept as
 * written. NULL for null or on a finding. sf_rd_units reads a list of
 * them (the items recorded as sf_rd_item does), each unit once; NULL
 * when null or empty.
 */
struct sf_rd;
const char *sf_rd_unit(struct sf_rd *r, const struct sf_node *n,
    const char *path, const struct sf_units *units);
const char **sf_rd_units(struct sf_rd *r, const struct sf_node *n,
    const char *path, const struct sf_units *units, size_t *count);

#endif
