#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "config.h"
#include "error.h"
#include "issue.h"
#include "meeting.h"
#include "markers.h"
#include "merge.h"
#include "units.h"
#include "xalloc.h"
#include "yamlio.h"

void
sf_conflicts_init(struct sf_conflicts *cf)
{
	memset(cf, 0, sizeof(*cf));
}

void
sf_conflicts_clear(struct sf_conflicts *cf)
{
	size_t i;

	for (i = 0; i < cf->n; i++) {
		free(cf->v[i].file);
		free(cf->v[i].key);
		free(cf->v[i].base);
		free(cf->v[i].ours);
		free(cf->v[i].theirs);
	}
	free(cf->v);
	sf_conflicts_init(cf);
}

void
sf_conflict_add(struct sf_conflicts *cf, const char *file, const char *key,
    const char *base, const char *ours, const char *theirs)
{
	struct sf_conflict *c;

	cf->v = xgrow(cf->v, &cf->alloc, cf->n + 1, sizeof(*cf->v));
	c = &cf->v[cf->n++];
	c->file = xstrdup(file);
	c->key = xstrdup(key);
	c->base = xstrdup(base ? base : "(absent)");
	c->ours = xstrdup(ours ? ours : "(absent)");
	c->theirs = xstrdup(theirs ? theirs : "(absent)");
}

void
sf_conflict_format(const struct sf_conflict *c, struct sf_buf *out)
{
	sf_buf_addf(out, "%s: %s: ours %s, theirs %s (was %s)", c->file,
	    c->key, c->ours, c->theirs, c->base);
}

/* The state of one file's merge. */
struct mg {
	struct sf_arena *a;
	const char *file;
	const char *who;	/* id from the file name */
	struct sf_resolutions *res;
	struct sf_conflicts *cf;
	int conflicts;
};

/* A value on one line, for messages: a scalar as text, else JSON. */
static char *
show(const struct sf_node *n)
{
	struct sf_buf b = SF_BUF_INIT;

	if (!n)
		return xstrdup("(absent)");
	if (n->kind == SF_NODE_SCALAR)
		sf_buf_addf(&b, "'%s'", n->str);
	else
		sf_json_emit(n, &b, 0);
	return sf_buf_detach(&b, NULL);
}

/* Which side a resolution names for this key, if any. */
static struct sf_resolution *
resolution(struct mg *m, const char *key)
{
	size_t i, wl;
	struct sf_resolution *r;

	if (!m->res)
		return NULL;
	for (i = 0; i < m->res->n; i++) {
		r = &m->res->v[i];
		if (strcmp(r->key, key) != 0)
			continue;
		wl = strlen(r->who);
		if (strcmp(r->who, m->file) == 0 ||
		    (wl && strncmp(r->who, m->who, wl) == 0))
			return r;
	}
	return NULL;
}

/* Both sides changed key differently: settle it or record it. */
static struct sf_node *
conflict(struct mg *m, const char *key, const struct sf_node *b,
    struct sf_node *o, struct sf_node *t, int *drop)
{
	struct sf_resolution *r = resolution(m, key);
	char *sb, *so, *st;

	*drop = 0;
	if (r) {
		r->used = 1;
		if (r->side == SF_TAKE_OURS) {
			*drop = !o;
			return o;
		}
		if (r->side == SF_TAKE_THEIRS) {
			*drop = !t;
			return t;
		}
		return sf_node_scalar(m->a, SF_PLAIN, r->value);
	}
	if (strcmp(key, "(file)") == 0) {	/* the whole file */
		sb = xstrdup(b ? "(the file)" : "(absent)");
		so = xstrdup(o ? "(changed)" : "(removed)");
		st = xstrdup(t ? "(changed)" : "(removed)");
	} else {
		sb = show(b);
		so = show(o);
		st = show(t);
	}
	sf_conflict_add(m->cf, m->file, key, sb, so, st);
	free(sb);
	free(so);
	free(st);
	m->conflicts++;
	return o;
}

static struct sf_node *merge_node(struct mg *m, const char *key,
    const struct sf_node *b, struct sf_node *o, struct sf_node *t, int *drop);

static char *
subkey(struct sf_arena *a, const char *key, const char *k)
{
	return *key ? sf_arena_printf(a, "%s.%s", key, k) :
	    sf_arena_strdup(a, k);
}

static struct sf_node *
merge_map(struct mg *m, const char *key, const struct sf_node *b,
    struct sf_node *o, struct sf_node *t)
{
	struct sf_node *r = sf_node_map(m->a), *ov, *tv, *v;
	const struct sf_node *bv;
	size_t i;
	int drop;

	for (i = 0; i < o->n; i++) {
		ov = o->kids[i];
		tv = sf_node_get(t, ov->key);
		bv = b ? sf_node_get(b, ov->key) : NULL;
		v = merge_node(m, subkey(m->a, key, ov->key), bv, ov, tv,
		    &drop);
		if (!drop && v)
			sf_node_set(m->a, r, ov->key, v);
	}
	for (i = 0; i < t->n; i++) {
		tv = t->kids[i];
		if (sf_node_get(o, tv->key))
			continue;
		bv = b ? sf_node_get(b, tv->key) : NULL;
		v = merge_node(m, subkey(m->a, key, tv->key), bv, NULL, tv,
		    &drop);
		if (!drop && v)
			sf_node_set(m->a, r, tv->key, v);
	}
	return r;
}

/* An item's identity in its list (see merge.h), as text. */
static const char *
identity(struct sf_arena *a, const struct sf_node *n, size_t nth)
{
	static const char *const keys[] = { "id", "no", "issue", "unit" };
	const struct sf_node *k, *d;
	struct sf_buf b = SF_BUF_INIT;
	const char *s;
	size_t i;

	if (n->kind == SF_NODE_SCALAR)
		return nth ? sf_arena_printf(a, "%s#%zu", n->str, nth + 1) :
		    n->str;
	if (n->kind == SF_NODE_MAP) {
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if ((k = sf_node_get(n, keys[i])) &&
			    k->kind == SF_NODE_SCALAR)
				return k->str;
		if ((d = sf_node_get(n, "date")) && d->kind == SF_NODE_SCALAR &&
		    (k = sf_node_get(n, "note")) && k->kind == SF_NODE_SCALAR)
			return sf_arena_printf(a, "%s %s", d->str, k->str);
	}
	sf_json_emit(n, &b, 0);
	s = sf_arena_printf(a, "%s", b.buf);
	sf_buf_release(&b);
	return s;
}

struct keyed {
	const char *id;
	struct sf_node *n;
};

/* Identities of a list's items; a repeated scalar gets "#2", "#3" … */
static struct keyed *
keyed(struct sf_arena *a, const struct sf_node *seq)
{
	struct keyed *v;
	size_t i, j, nth;

	if (!seq)
		return NULL;
	v = sf_arena_alloc(a, (seq->n + 1) * sizeof(*v));
	for (i = 0; i < seq->n; i++) {
		nth = 0;
		if (seq->kids[i]->kind == SF_NODE_SCALAR)
			for (j = 0; j < i; j++)
				if (sf_node_equal(seq->kids[j], seq->kids[i]))
					nth++;
		v[i].id = identity(a, seq->kids[i], nth);
		v[i].n = seq->kids[i];
	}
	return v;
}

static struct sf_node *
find(const struct keyed *v, size_t n, const char *id)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		if (strcmp(v[i].id, id) == 0)
			return v[i].n;
	return NULL;
}

static void
insert_at(struct sf_arena *a, struct sf_node *seq, size_t at,
    struct sf_node *n)
{
	sf_node_push(a, seq, n);
	memmove(&seq->kids[at + 1], &seq->kids[at],
	    (seq->n - 1 - at) * sizeof(seq->kids[0]));
	seq->kids[at] = n;
}

/* Does an identity stand twice in the list? */
static int
repeated(const struct keyed *v, size_t n)
{
	size_t i, j;

	for (i = 0; v && i < n; i++)
		for (j = 0; j < i; j++)
			if (strcmp(v[i].id, v[j].id) == 0)
				return 1;
	return 0;
}

static struct sf_node *
merge_seq(struct mg *m, const char *key, const struct sf_node *b,
    struct sf_node *o, struct sf_node *t, int *whole_drop)
{
	struct sf_node *r, *ov, *tv, *v;
	const struct sf_node *bv;
	struct keyed *kb = keyed(m->a, b), *ko = keyed(m->a, o),
	    *kt = keyed(m->a, t);
	const char **rid;
	size_t i, j, at, nb = b ? b->n : 0;
	int drop;

	/* items that share an identity (two tasks numbered alike, in a
	 * file edited by hand) cannot be told apart: both sides changed the
	 * list, so the list is the conflict, the same either way round
	 * (found by fuzzing) */
	if (repeated(kb, nb) || repeated(ko, o->n) || repeated(kt, t->n))
		return conflict(m, key, b, o, t, whole_drop);
	r = sf_node_seq(m->a);
	r->flow = o->flow;
	rid = sf_arena_alloc(m->a, (o->n + t->n + 1) * sizeof(*rid));
	for (i = 0; i < o->n; i++) {
		ov = ko[i].n;
		tv = find(kt, t->n, ko[i].id);
		bv = find(kb, nb, ko[i].id);
		v = merge_node(m, sf_arena_printf(m->a, "%s[%s]", key,
		    ko[i].id), bv, ov, tv, &drop);
		if (!drop && v) {
			rid[r->n] = ko[i].id;
			sf_node_push(m->a, r, v);
		}
	}
	for (i = 0; i < t->n; i++) {
		if (find(ko, o->n, kt[i].id))
			continue;
		bv = find(kb, nb, kt[i].id);
		v = merge_node(m, sf_arena_printf(m->a, "%s[%s]", key,
		    kt[i].id), bv, NULL, kt[i].n, &drop);
		if (drop || !v)
			continue;
		/* after the nearest item before it in theirs that we kept */
		at = 0;
		for (j = i; j-- > 0 && !at;) {
			size_t k;

			for (k = 0; k < r->n; k++)
				if (strcmp(rid[k], kt[j].id) == 0) {
					at = k + 1;
					break;
				}
		}
		/* and after what ours added there: ours first, then theirs */
		while (at < r->n && !find(kb, nb, rid[at]) &&
		    !find(kt, t->n, rid[at]))
			at++;
		memmove(&rid[at + 1], &rid[at], (r->n - at) * sizeof(*rid));
		rid[at] = kt[i].id;
		insert_at(m->a, r, at, v);
	}
	return r;
}

/*
 * The merge of one value. *drop says the key or item goes; the result may
 * be o or t itself.
 */
static struct sf_node *
merge_node(struct mg *m, const char *key, const struct sf_node *b,
    struct sf_node *o, struct sf_node *t, int *drop)
{
	*drop = 0;
	if (sf_node_equal(o, t)) {
		*drop = !o;
		return o;
	}
	if (b && sf_node_equal(b, o)) {
		*drop = !t;
		return t;
	}
	if (b && sf_node_equal(b, t)) {
		*drop = !o;
		return o;
	}
	if (!b && (!o || !t)) {	/* added on one side only */
		*drop = 0;
		return o ? o : t;
	}
	if (o && t && o->kind == t->kind && (!b || b->kind == o->kind)) {
		if (o->kind == SF_NODE_MAP)
			return merge_map(m, key, b, o, t);
		if (o->kind == SF_NODE_SEQ)
			return merge_seq(m, key, b, o, t, drop);
	}
	return conflict(m, *key ? key : "(file)", b, o, t, drop);
}

/* The id a file's name gives: issues/2024/10/<id>.yaml → <id>. */
static char *
file_who(const char *file)
{
	const char *s = strrchr(file, '/'), *e;

	s = s ? s + 1 : file;
	e = strrchr(s, '.');
	return e ? xstrndup(s, (size_t)(e - s)) : xstrdup(s);
}

static int
load(struct sf_arena *a, const char *file, const char *side,
    const struct sf_version *v, struct sf_node **out)
{
	int rc;

	*out = NULL;
	if (!v || !v->data)
		return 0;
	rc = sf_yaml_load(a, file, v->data, v->len, &sf_yaml_meeting_limits,
	    0, out);
	if (rc < 0)
		sf_error_prefix("%s", side);
	return rc;
}

/* Validate the merged tree as the kind of file it is; write it out. */
static int
finish(struct mg *m, const struct sf_node *root,
    const struct sf_units *units, struct sf_buf *out)
{
	struct sf_buf raw = SF_BUF_INIT;
	struct sf_issue *is = NULL;
	struct sf_meeting *mt = NULL;
	struct sf_units *u = NULL;
	struct sf_config *c = NULL;
	int rc;

	if ((rc = sf_yaml_emit(root, &raw)) < 0)
		goto out;
	if (strncmp(m->file, "issues/", 7) == 0) {
		if ((rc = sf_issue_parse(m->file, raw.buf, raw.len, units,
		    SF_ISSUE_FULL, &is)) == 0)
			rc = sf_issue_emit(is, out);
	} else if (strncmp(m->file, "meetings/", 9) == 0) {
		if ((rc = sf_meeting_parse(m->file, raw.buf, raw.len, units,
		    &mt)) == 0)
			rc = sf_meeting_emit(mt, out);
	} else {
		if (strcmp(m->file, "units.yaml") == 0)
			rc = sf_units_parse(m->file, raw.buf, raw.len, &u);
		else if (strcmp(m->file, ".sanfen/config.yaml") == 0)
			rc = sf_config_parse(m->file, raw.buf, raw.len, &c);
		if (rc == 0)
			sf_buf_add(out, raw.buf, raw.len);
	}
	if (rc == SF_EINVALID) {
		/* both sides' changes together break a rule of the file */
		sf_conflict_add(m->cf, m->file, "(merged file)", NULL,
		    NULL, NULL);
		free(m->cf->v[m->cf->n - 1].ours);
		m->cf->v[m->cf->n - 1].ours = xstrdup("(both changes)");
		free(m->cf->v[m->cf->n - 1].theirs);
		m->cf->v[m->cf->n - 1].theirs = xstrdup(sf_error_message());
		rc = SF_ECONFLICT;
	}
out:
	sf_issue_free(is);
	sf_meeting_free(mt);
	sf_units_free(u);
	sf_config_free(c);
	sf_buf_release(&raw);
	return rc;
}

static int
same(const struct sf_version *a, const struct sf_version *b)
{
	if (!a || !a->data || !b || !b->data)
		return (!a || !a->data) && (!b || !b->data);
	return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

static int
take(const struct sf_version *v, struct sf_buf *out)
{
	if (!v || !v->data)
		return 1;
	sf_buf_add(out, v->data, v->len);
	return 0;
}

int
sf_merge_file(const char *file, const struct sf_version *base,
    const struct sf_version *ours, const struct sf_version *theirs,
    const struct sf_units *units, struct sf_resolutions *res,
    struct sf_buf *out, struct sf_conflicts *cf)
{
	struct mg m;
	struct sf_node *b, *o, *t, *r;
	int rc, drop;

	/* one side alone changed the file, or both the same way: that side's
	 * bytes as they are (comments and all) */
	if (same(ours, theirs) || same(base, theirs))
		return take(ours, out);
	if (same(base, ours))
		return take(theirs, out);
	memset(&m, 0, sizeof(m));
	m.a = sf_arena_new();
	m.file = file;
	m.who = file_who(file);
	m.res = res;
	m.cf = cf;
	if ((rc = load(m.a, file, "base", base, &b)) < 0 ||
	    (rc = load(m.a, file, "ours", ours, &o)) < 0 ||
	    (rc = load(m.a, file, "theirs", theirs, &t)) < 0)
		goto out;
	r = merge_node(&m, "", b, o, t, &drop);
	if (m.conflicts) {
		rc = SF_ECONFLICT;
		goto out;
	}
	if (drop || !r) {	/* the file goes */
		rc = 1;
		goto out;
	}
	rc = finish(&m, r, units, out);
out:
	free((char *)m.who);
	sf_arena_free(m.a);
	return rc;
}

/* The merge with every conflict of cf settled for one side; that side's
 * own file when the merge cannot be made so (a rule the whole breaks). */
static void
one_side(const char *file, const struct sf_version *base,
    const struct sf_version *ours, const struct sf_version *theirs,
    const struct sf_units *units, const struct sf_conflicts *cf,
    enum sf_side side, struct sf_buf *out)
{
	struct sf_resolutions res;
	struct sf_conflicts left;
	const struct sf_version *own = side == SF_TAKE_OURS ? ours : theirs;
	size_t i;
	int rc;

	res.n = cf->n;
	res.v = xcalloc(cf->n ? cf->n : 1, sizeof(*res.v));
	for (i = 0; i < cf->n; i++)
		res.v[i] = (struct sf_resolution){ .who = file,
			.key = cf->v[i].key, .side = side };
	sf_conflicts_init(&left);
	rc = sf_merge_file(file, base, ours, theirs, units, &res, out, &left);
	if (rc != 0) {
		sf_buf_reset(out);
		if (rc != 1 && own && own->data)
			sf_buf_add(out, own->data, own->len);
	}
	sf_error_clear();
	sf_conflicts_clear(&left);
	free(res.v);
}

int
sf_merge_file_marked(const char *file, const struct sf_version *base,
    const struct sf_version *ours, const struct sf_version *theirs,
    const struct sf_units *units, struct sf_buf *out,
    struct sf_conflicts *cf)
{
	struct sf_buf o = SF_BUF_INIT, t = SF_BUF_INIT;
	struct sf_conflicts mine;
	size_t i;
	int rc;

	sf_conflicts_init(&mine);
	rc = sf_merge_file(file, base, ours, theirs, units, NULL, out, &mine);
	if (rc != SF_ECONFLICT) {
		sf_conflicts_clear(&mine);
		return rc;
	}
	one_side(file, base, ours, theirs, units, &mine, SF_TAKE_OURS, &o);
	one_side(file, base, ours, theirs, units, &mine, SF_TAKE_THEIRS, &t);
	if ((rc = sf_markers_write(o.buf, o.len, t.buf, t.len, out)) == 0)
		rc = SF_ECONFLICT;
	for (i = 0; i < mine.n; i++)
		sf_conflict_add(cf, mine.v[i].file, mine.v[i].key,
		    mine.v[i].base, mine.v[i].ours, mine.v[i].theirs);
	sf_conflicts_clear(&mine);
	sf_buf_release(&o);
	sf_buf_release(&t);
	return rc;
}
