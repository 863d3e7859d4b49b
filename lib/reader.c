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

/*
 * parent, sep and key joined in the arena, without printf: every key of
 * every issue a ledger scan reads gets a path. sep is left out when
 * parent is empty.
 */
static const char *
join(struct sf_arena *a, const char *parent, const char *sep,
    const char *key)
{
	size_t np, ns, nk = strlen(key);
	char *s;

	if (!parent)
		parent = "";
	np = strlen(parent);
	ns = np ? strlen(sep) : 0;
	s = sf_arena_alloc(a, np + ns + nk + 1);

	memcpy(s, parent, np);
	memcpy(s + np, sep, ns);
	memcpy(s + np + ns, key, nk + 1);
	return s;
}

const char *
sf_rd_path(struct sf_rd *r, const char *parent, const char *key)
{
	return join(r->a, parent, ".", key);
}

const char *
sf_rd_index(struct sf_rd *r, const char *parent, size_t i)
{
	char num[32];

	snprintf(num, sizeof(num), "[%zu]", i + 1);
	return join(r->a, parent, "", num);
}

static void
record(struct sf_rd *r, const char *path, const struct sf_node *n)
{
	struct sf_rd_pos *p;

	if (!r->pos || !n)
		return;
	p = sf_arena_alloc(r->a, sizeof(*p));
	p->path = path;
	p->line = n->line;
	p->col = n->col;
	p->key_line = n->key ? n->key_line : 0;
	p->key_col = n->key ? n->key_col : 0;
	p->next = *r->pos;
	*r->pos = p;
}

const struct sf_node *
sf_rd_get(struct sf_rd *r, const struct sf_node *map, const char *parent,
    const char *key, const char **path)
{
	const struct sf_node *n = sf_node_get(map, key);

	*path = parent ? sf_rd_path(r, parent, key) : key;
	record(r, *path, n);
	return n;
}

const struct sf_node *
sf_rd_item(struct sf_rd *r, const struct sf_node *seq, const char *parent,
    size_t i, const char **path)
{
	*path = sf_rd_index(r, parent, i);
	record(r, *path, seq->kids[i]);
	return seq->kids[i];
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
sf_rd_untyped(struct sf_rd *r, const struct sf_node *n, const char *path)
{
	if (n->kind != SF_NODE_SCALAR || n->type != SF_PLAIN ||
	    !sf_yaml_plain_is_typed(n->str, n->len))
		return 0;
	sf_rd_bad(r, n, path, "'%s' is not text: write it in quotes", n->str);
	return -1;
}

const char *
sf_rd_str(struct sf_rd *r, const struct sf_node *n, const char *path,
    enum sf_rd_text what)
{
	const char *s;

	if (sf_rd_null(n))
		return NULL;
	if (what != SF_RD_ID && sf_rd_untyped(r, n, path) < 0)
		return NULL;
	s = sf_rd_text(r, n, path, what != SF_RD_TEXT);
	return s && *s ? s : NULL;
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
	sf_enum_list(e, &valid);
	sf_rd_bad(r, n, path, "unknown %s '%s' (expected %s)", e->name,
	    n->str, valid.buf);
	sf_buf_release(&valid);
	return -1;
}

unsigned
sf_rd_enum_set(struct sf_rd *r, const struct sf_node *n, const char *path,
    const struct sf_enum *e)
{
	unsigned mask = 0;
	const char *p;
	size_t i;
	int v;

	if (sf_rd_null(n) || sf_rd_seq(r, n, path) < 0)
		return 0;
	for (i = 0; i < n->n; i++) {
		const struct sf_node *k = sf_rd_item(r, n, path, i, &p);

		if (sf_rd_null(k)) {
			sf_rd_bad(r, k, p, "empty %s", e->name);
			continue;
		}
		if ((v = sf_rd_enum(r, k, p, e)) < 0)
			continue;
		if (mask & (1u << v))
			sf_rd_bad(r, k, p, "%s '%s' is listed twice", e->name,
			    sf_enum_token(e, v));
		mask |= 1u << v;
	}
	return mask;
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
sf_rd_key_str(struct sf_rd *r, const struct sf_node *map, const char *parent,
    const char *key, enum sf_rd_text what)
{
	const char *p;
	const struct sf_node *n = sf_rd_get(r, map, parent, key, &p);

	return sf_rd_str(r, n, p, what);
}

const char *
sf_rd_key_date(struct sf_rd *r, const struct sf_node *map, const char *parent,
    const char *key)
{
	const char *p;
	const struct sf_node *n = sf_rd_get(r, map, parent, key, &p);

	return sf_rd_date(r, n, p);
}

int
sf_rd_key_enum(struct sf_rd *r, const struct sf_node *map, const char *parent,
    const char *key, const struct sf_enum *e)
{
	const char *p;
	const struct sf_node *n = sf_rd_get(r, map, parent, key, &p);

	return sf_rd_enum(r, n, p, e);
}

int
sf_rd_key_int(struct sf_rd *r, const struct sf_node *map, const char *parent,
    const char *key, long min, long max, long *out)
{
	const char *p;
	const struct sf_node *n = sf_rd_get(r, map, parent, key, &p);

	return n ? sf_rd_int(r, n, p, min, max, out) : -1;
}

const struct sf_node *
sf_rd_key_seq(struct sf_rd *r, const struct sf_node *map, const char *parent,
    const char *key, const char **path)
{
	const struct sf_node *n = sf_rd_get(r, map, parent, key, path);

	if (sf_rd_null(n) || sf_rd_seq(r, n, *path) < 0 || !n->n)
		return NULL;
	return n;
}

const struct sf_node *
sf_rd_item_map(struct sf_rd *r, const struct sf_node *seq, const char *parent,
    size_t i, const char *const *keys, const char **path)
{
	const struct sf_node *e = sf_rd_item(r, seq, parent, i, path);

	if (sf_rd_null(e)) {
		sf_rd_bad(r, e, *path, "empty entry");
		return NULL;
	}
	if (sf_rd_map(r, e, *path) < 0)
		return NULL;
	sf_rd_known(r, e, *path, keys);
	return e;
}

int
sf_rd_doc_parse(const char *file, const char *data, size_t len,
    sf_rd_build_fn *build, void *out)
{
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_arena *a = sf_arena_new();
	struct sf_node *root;
	int rc;

	sf_diags_init(&d);
	if ((rc = sf_yaml_load(a, file, data, len, &sf_yaml_issue_limits, 0,
	    &root)) == 0)
		rc = build(a, file, root, &d, out);
	sf_diags_clear(&d);
	if (rc < 0)
		sf_arena_free(a);
	return rc;
}

int
sf_rd_doc_load(const char *path, const char *file, sf_rd_build_fn *build,
    void *out)
{
	struct sf_buf text = SF_BUF_INIT;
	int rc;

	if (sf_buf_read_nofollow(&text, path, file,
	    sf_yaml_issue_limits.max_bytes) < 0)
		rc = sf_error_read(file);
	else
		rc = sf_rd_doc_parse(file, text.buf, text.len, build, out);
	sf_buf_release(&text);
	return rc;
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

void
sf_node_set_enum(struct sf_arena *a, struct sf_node *map, const char *key,
    const struct sf_enum *e, int v)
{
	if (v >= 0 && v < e->n)
		sf_node_set(a, map, key, sf_node_str(a, sf_enum_token(e, v)));
}
