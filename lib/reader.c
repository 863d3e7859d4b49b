#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "i18n.h"
#include "reader.h"

static void
vbad(struct sf_rd *r, unsigned line, unsigned col, const char *path,
    const char *fmt, va_list ap)
{
	struct sf_loc loc = { .file = r->file, .line = line, .col = col,
		.field = path && *path ? path : NULL };
	char msg[1024];

	vsnprintf(msg, sizeof(msg), sf_gettext(fmt), ap);
	sf_diag_add(r->d, &loc, "%s", msg);
}

void
sf_rd_bad(struct sf_rd *r, const struct sf_node *n, const char *path,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vbad(r, n ? n->line : 0, n ? n->col : 0, path, fmt, ap);
	va_end(ap);
}

void
sf_rd_bad_key(struct sf_rd *r, const struct sf_node *n, const char *path,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vbad(r, n ? n->key_line : 0, n ? n->key_col : 0, path, fmt, ap);
	va_end(ap);
}

const char *
sf_rd_path(struct sf_rd *r, const char *parent, const char *key)
{
	if (!parent || !*parent)
		return sf_arena_strdup(r->a, key);
	return sf_arena_printf(r->a, "%s.%s", parent, key);
}

const char *
sf_rd_index(struct sf_rd *r, const char *parent, size_t i)
{
	return sf_arena_printf(r->a, "%s[%zu]", parent ? parent : "", i + 1);
}

int
sf_rd_null(const struct sf_node *n)
{
	return !n || (n->kind == SF_NODE_SCALAR && (n->type == SF_PLAIN ||
	    n->type == SF_NULL) && (n->len == 0 || strcmp(n->str, "~") == 0 ||
	    strcmp(n->str, "null") == 0 || strcmp(n->str, "Null") == 0 ||
	    strcmp(n->str, "NULL") == 0));
}

int
sf_rd_map(struct sf_rd *r, const struct sf_node *n, const char *path)
{
	if (n && n->kind == SF_NODE_MAP)
		return 0;
	sf_rd_bad(r, n, path, "expected a mapping of keys to values");
	return -1;
}

int
sf_rd_seq(struct sf_rd *r, const struct sf_node *n, const char *path)
{
	if (n && n->kind == SF_NODE_SEQ)
		return 0;
	sf_rd_bad(r, n, path, "expected a list");
	return -1;
}

void
sf_rd_known(struct sf_rd *r, const struct sf_node *map, const char *path,
    const char *const *known)
{
	size_t i, k;

	for (i = 0; i < map->n; i++) {
		const char *key = map->kids[i]->key;

		for (k = 0; known[k]; k++)
			if (strcmp(known[k], key) == 0)
				break;
		if (!known[k])
			sf_rd_bad_key(r, map->kids[i], path, "unknown key '%s'",
			    key);
	}
}

static int
scalar(struct sf_rd *r, const struct sf_node *n, const char *path,
    const char *what)
{
	if (n->kind == SF_NODE_SCALAR)
		return 0;
	sf_rd_bad(r, n, path, "expected %s, not a %s", what,
	    n->kind == SF_NODE_MAP ? _("mapping") : _("list"));
	return -1;
}

const char *
sf_rd_text(struct sf_rd *r, const struct sf_node *n, const char *path,
    int one_line)
{
	if (sf_rd_null(n) || scalar(r, n, path, "text") < 0)
		return NULL;
	if (one_line && memchr(n->str, '\n', n->len)) {
		sf_rd_bad(r, n, path, "must be one line");
		return NULL;
	}
	return sf_arena_strndup(r->a, n->str, n->len);
}

int
sf_rd_enum(struct sf_rd *r, const struct sf_node *n, const char *path,
    const struct sf_enum *e)
{
	struct sf_buf valid = SF_BUF_INIT;
	int i;

	if (sf_rd_null(n) || scalar(r, n, path, e->name) < 0)
		return -1;
	if ((i = sf_enum_lookup(e, n->str)) >= 0)
		return i;
	sf_buf_init(&valid);
	sf_enum_list(e, &valid);
	sf_rd_bad(r, n, path, "unknown %s '%s' (expected %s)", e->name,
	    n->str, valid.buf);
	sf_buf_release(&valid);
	return -1;
}

const char *
sf_rd_date(struct sf_rd *r, const struct sf_node *n, const char *path)
{
	if (sf_rd_null(n) || scalar(r, n, path, "a date") < 0)
		return NULL;
	if (!sf_date_valid(n->str)) {
		sf_rd_bad(r, n, path, "invalid date '%s' (expected "
		    "YYYY-MM-DD)", n->str);
		return NULL;
	}
	return sf_arena_strndup(r->a, n->str, n->len);
}

int
sf_rd_int(struct sf_rd *r, const struct sf_node *n, const char *path,
    long min, long max, long *out)
{
	char *end;
	long v;

	if (sf_rd_null(n) || scalar(r, n, path, "a whole number") < 0)
		return -1;
	v = strtol(n->str, &end, 10);
	if (n->type == SF_STR || !n->len || *end || v < min || v > max) {
		sf_rd_bad(r, n, path, "must be a whole number from %ld to %ld",
		    min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int
sf_rd_num(struct sf_rd *r, const struct sf_node *n, const char *path,
    double min, double max, double *out)
{
	char *end;
	double v;

	if (sf_rd_null(n) || scalar(r, n, path, "a number") < 0)
		return -1;
	v = strtod(n->str, &end);
	if (n->type == SF_STR || !n->len || *end || v < min || v > max) {
		sf_rd_bad(r, n, path, "must be a number between %g and %g",
		    min, max);
		return -1;
	}
	*out = v;
	return 0;
}

int
sf_rd_bool(struct sf_rd *r, const struct sf_node *n, const char *path,
    int *out)
{
	if (sf_rd_null(n) || scalar(r, n, path, "true or false") < 0)
		return -1;
	if (n->type != SF_STR && strcmp(n->str, "true") == 0) {
		*out = 1;
		return 0;
	}
	if (n->type != SF_STR && strcmp(n->str, "false") == 0) {
		*out = 0;
		return 0;
	}
	sf_rd_bad(r, n, path, "must be true or false");
	return -1;
}

const char *
sf_rd_unit(struct sf_rd *r, const struct sf_node *n, const char *path,
    const struct sf_units *units)
{
	const struct sf_unit *u;

	if (sf_rd_null(n) || scalar(r, n, path, "a unit") < 0)
		return NULL;
	if (!units)
		return sf_arena_strndup(r->a, n->str, n->len);
	if (!(u = sf_units_find(units, n->str))) {
		sf_rd_bad(r, n, path, "unknown unit '%s'", n->str);
		return NULL;
	}
	return sf_arena_strdup(r->a, u->id);
}

struct sf_node *
sf_node_enums(struct sf_arena *a, const struct sf_enum *e, unsigned mask)
{
	struct sf_node *seq = sf_node_seq(a);
	int i;

	seq->flow = 1;
	for (i = 0; i < e->n; i++)
		if (mask & (1u << i))
			sf_node_push(a, seq, sf_node_str(a,
			    sf_enum_token(e, i)));
	return seq;
}
