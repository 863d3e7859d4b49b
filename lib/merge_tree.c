#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "merge_tree.h"
#include "treediff.h"
#include "xalloc.h"

int
sf_is_ledger_path(const char *p)
{
	return strncmp(p, "issues/", 7) == 0 ||
	    strncmp(p, "meetings/", 9) == 0 ||
	    strcmp(p, SF_UNITS_PATH) == 0 || strncmp(p, ".sanfen/", 8) == 0;
}

/* Only YAML files are merged field by field (a schema is JSON). */
static int
ends_yaml(const char *p)
{
	size_t n = strlen(p);

	return n > 5 && strcmp(p + n - 5, ".yaml") == 0;
}

struct delta {
	char *path;
	int gone;		/* removed on this side */
	git_oid id;		/* the new blob */
};

struct deltas {
	struct delta *v;
	size_t n;
	size_t alloc;
};

static void
deltas_free(struct deltas *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->v[i].path);
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static int
add_delta(const struct sf_tree_change *tc, void *ctx)
{
	struct deltas *d = ctx;
	struct delta *x;

	d->v = xgrow(d->v, &d->alloc, d->n + 1, sizeof(*d->v));
	x = &d->v[d->n++];
	x->gone = tc->new_mode == 0;
	x->path = xstrdup(tc->path);
	git_oid_cpy(&x->id, &tc->new_id);
	return 0;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(((const struct delta *)a)->path,
	    ((const struct delta *)b)->path);
}

/* The paths that differ between two trees (either may be NULL), by
 * lib/treediff: what changed, not the size of the ledger. */
static int
diff_trees(git_repository *repo, git_tree *a, git_tree *b, struct deltas *d)
{
	git_oid zero;
	int rc = 0;

	memset(&zero, 0, sizeof(zero));
	if (sf_tree_diff(repo, a ? git_tree_id(a) : &zero, b ?
	    git_tree_id(b) : &zero, "", add_delta, d) < 0)
		rc = sf_error_git("cannot compare trees");
	if (rc == 0 && d->n > 1)
		qsort(d->v, d->n, sizeof(*d->v), by_path);
	return rc;
}

static const struct delta *
find_delta(const struct deltas *d, const char *path)
{
	struct delta key;

	key.path = (char *)path;
	return d->n ? bsearch(&key, d->v, d->n, sizeof(*d->v), by_path) :
	    NULL;
}

static int
commit_tree(git_repository *repo, const git_oid *id, git_tree **out)
{
	git_commit *c = NULL;
	int rc = 0;

	if (git_commit_lookup(&c, repo, id) < 0 ||
	    git_commit_tree(out, c) < 0)
		rc = sf_error_git("cannot read commit %.7s",
		    git_oid_tostr_s(id));
	git_commit_free(c);
	return rc;
}

/* Put blob id at path into c. */
static int
put_blob(git_repository *repo, struct sf_change *c, const char *path,
    const git_oid *id)
{
	git_blob *b = NULL;

	if (git_blob_lookup(&b, repo, id) < 0)
		return sf_error_git("cannot read %s", path);
	sf_change_put(c, path, git_blob_rawcontent(b),
	    (size_t)git_blob_rawsize(b));
	git_blob_free(b);
	return 0;
}

int
sf_tree_changes(git_repository *repo, const git_oid *from, const git_oid *to,
    struct sf_change *c)
{
	git_tree *a = NULL, *b = NULL;
	struct deltas d;
	size_t i;
	int rc;

	memset(&d, 0, sizeof(d));
	if ((rc = commit_tree(repo, from, &a)) < 0 ||
	    (rc = commit_tree(repo, to, &b)) < 0 ||
	    (rc = diff_trees(repo, a, b, &d)) < 0)
		goto out;
	for (i = 0; i < d.n && rc == 0; i++) {
		if (d.v[i].gone)
			sf_change_remove(c, d.v[i].path);
		else
			rc = put_blob(repo, c, d.v[i].path, &d.v[i].id);
	}
out:
	deltas_free(&d);
	git_tree_free(a);
	git_tree_free(b);
	return rc;
}

/* The blob at path in tree into v (v->data NULL when absent); the blob is
 * kept in *keep for the caller to free. */
static int
version_at(git_repository *repo, git_tree *tree, const char *path,
    git_blob **keep, struct sf_version *v)
{
	git_tree_entry *e = NULL;
	int rc = 0;

	*keep = NULL;
	v->data = NULL;
	v->len = 0;
	if (!tree || git_tree_entry_bypath(&e, tree, path) < 0)
		return 0;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		rc = sf_error(SF_EINVALID, "%s is not a file", path);
	else if (git_blob_lookup(keep, repo, git_tree_entry_id(e)) < 0)
		rc = sf_error_git("cannot read %s", path);
	else {
		v->data = git_blob_rawcontent(*keep);
		v->len = (size_t)git_blob_rawsize(*keep);
		if (!v->data)
			v->data = "";
	}
	git_tree_entry_free(e);
	return rc;
}

/* A user's file both sides changed: only a resolution settles it. */
static int
other_file(const char *path, struct sf_resolutions *res, git_tree *ours,
    git_tree *theirs, git_repository *repo, struct sf_change *c,
    struct sf_conflicts *cf)
{
	size_t i;
	git_tree_entry *e = NULL;
	int rc;

	for (i = 0; res && i < res->n; i++) {
		if (strcmp(res->v[i].who, path) != 0 ||
		    strcmp(res->v[i].key, "(file)") != 0)
			continue;
		res->v[i].used = 1;
		if (res->v[i].side == SF_TAKE_OURS)
			return 0;
		if (res->v[i].side == SF_TAKE_THEIRS) {
			if (git_tree_entry_bypath(&e, theirs, path) < 0) {
				sf_change_remove(c, path);
				return 0;
			}
			rc = put_blob(repo, c, path, git_tree_entry_id(e));
			git_tree_entry_free(e);
			return rc;
		}
		sf_change_put(c, path, res->v[i].value,
		    strlen(res->v[i].value));
		return 0;
	}
	(void)ours;
	sf_conflict_add(cf, path, "(file)", "(the file)", "(changed)",
	    "(changed)");
	return SF_ECONFLICT;
}

int
sf_merge_commits(struct sf_ledger *l, const git_oid *theirs,
    struct sf_resolutions *res, struct sf_change *c,
    struct sf_conflicts *cf, struct sf_merge_stats *st)
{
	git_repository *repo = l->repo;
	git_tree *tb = NULL, *to = NULL, *tt = NULL;
	git_blob *bb, *bo, *bt;
	struct deltas dours, dtheirs;
	struct sf_version vb, vo, vt;
	struct sf_buf out = SF_BUF_INIT;
	const struct delta *o;
	git_oid base;
	size_t i;
	int rc, one, conflicts = 0;

	memset(st, 0, sizeof(*st));
	memset(&dours, 0, sizeof(dours));
	memset(&dtheirs, 0, sizeof(dtheirs));
	if (git_merge_base(&base, repo, &l->head, theirs) < 0) {
		char a[8], b[8];

		git_oid_tostr(a, sizeof(a), &l->head);
		git_oid_tostr(b, sizeof(b), theirs);
		if (git_error_last() && git_error_last()->klass ==
		    GIT_ERROR_MERGE)
			return sf_error(SF_EINVALID, "%s and %s have no "
			    "common history", a, b);
		return sf_error_git("cannot find the merge base");
	}
	if ((rc = commit_tree(repo, &base, &tb)) < 0 ||
	    (rc = commit_tree(repo, &l->head, &to)) < 0 ||
	    (rc = commit_tree(repo, theirs, &tt)) < 0 ||
	    (rc = diff_trees(repo, tb, to, &dours)) < 0 ||
	    (rc = diff_trees(repo, tb, tt, &dtheirs)) < 0)
		goto out;
	for (i = 0; i < dtheirs.n; i++) {
		const struct delta *t = &dtheirs.v[i];

		o = find_delta(&dours, t->path);
		if (!o) {	/* theirs alone changed it */
			st->theirs++;
			if (t->gone)
				sf_change_remove(c, t->path);
			else if ((rc = put_blob(repo, c, t->path, &t->id)) < 0)
				goto out;
			continue;
		}
		if (o->gone == t->gone && (o->gone ||
		    git_oid_equal(&o->id, &t->id)))
			continue;	/* the same change on both sides */
		if (!sf_is_ledger_path(t->path) || !ends_yaml(t->path)) {
			if ((rc = other_file(t->path, res, to, tt, repo, c,
			    cf)) == SF_ECONFLICT)
				conflicts++;
			else if (rc < 0)
				goto out;
			continue;
		}
		if ((rc = version_at(repo, tb, t->path, &bb, &vb)) < 0)
			goto out;
		version_at(repo, to, t->path, &bo, &vo);
		version_at(repo, tt, t->path, &bt, &vt);
		sf_buf_reset(&out);
		one = sf_merge_file(t->path, &vb, &vo, &vt, l->units, res,
		    &out, cf);
		if (one >= 0 && one != SF_ECONFLICT) {
			st->merged++;
			/* vo.data is bo's: compared before bo is freed */
			if (one == 1)
				sf_change_remove(c, t->path);
			else if (o->gone || out.len != vo.len ||
			    memcmp(out.buf, vo.data, out.len) != 0)
				sf_change_put(c, t->path, out.buf, out.len);
		}
		git_blob_free(bb);
		git_blob_free(bo);
		git_blob_free(bt);
		if (one == SF_ECONFLICT) {
			conflicts++;
			continue;
		}
		if (one < 0) {
			rc = one;
			goto out;
		}
	}
	rc = conflicts ? SF_ECONFLICT : 0;
out:
	deltas_free(&dours);
	deltas_free(&dtheirs);
	git_tree_free(tb);
	git_tree_free(to);
	git_tree_free(tt);
	sf_buf_release(&out);
	return rc;
}
