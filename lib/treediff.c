#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "treediff.h"
#include "xalloc.h"

struct walk {
	git_repository *repo;
	sf_tree_change_fn cb;
	void *ctx;
	struct sf_buf path;
};

static int diff(struct walk *w, const git_oid *from, const git_oid *to);

static int
report(struct walk *w, const git_tree_entry *a, const git_tree_entry *b)
{
	struct sf_tree_change c;
	size_t len = w->path.len;
	int rc;

	memset(&c, 0, sizeof(c));
	sf_buf_add(&w->path, git_tree_entry_name(a ? a : b),
	    strlen(git_tree_entry_name(a ? a : b)));
	c.path = w->path.buf;
	if (a) {
		git_oid_cpy(&c.old_id, git_tree_entry_id(a));
		c.old_mode = (unsigned)git_tree_entry_filemode(a);
	}
	if (b) {
		git_oid_cpy(&c.new_id, git_tree_entry_id(b));
		c.new_mode = (unsigned)git_tree_entry_filemode(b);
	}
	rc = w->cb(&c, w->ctx);
	sf_buf_setlen(&w->path, len);
	return rc;
}

/* Into a folder: every path below a on one side and b on the other. */
static int
descend(struct walk *w, const git_tree_entry *a, const git_tree_entry *b)
{
	const git_tree_entry *e = a ? a : b;
	size_t len = w->path.len;
	git_oid zero;
	int rc;

	memset(&zero, 0, sizeof(zero));
	sf_buf_addf(&w->path, "%s/", git_tree_entry_name(e));
	rc = diff(w, a ? git_tree_entry_id(a) : &zero, b ?
	    git_tree_entry_id(b) : &zero);
	sf_buf_setlen(&w->path, len);
	return rc;
}

static int
is_tree(const git_tree_entry *e)
{
	return e && git_tree_entry_type(e) == GIT_OBJECT_TREE;
}

/* git's order: a tree's name compares as if it ended in '/' */
static int
entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const char *x = git_tree_entry_name(a), *y = git_tree_entry_name(b);
	int xa = is_tree(a) ? '/' : 0, yb = is_tree(b) ? '/' : 0;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return (*x ? (unsigned char)*x : xa) - (*y ? (unsigned char)*y : yb);
}

/* One side's entry alone at its name */
static int
alone(struct walk *w, const git_tree_entry *e, int added)
{
	if (is_tree(e))
		return added ? descend(w, NULL, e) : descend(w, e, NULL);
	return added ? report(w, NULL, e) : report(w, e, NULL);
}

/* The trees from and to (NULL for a zero id); -1 when one cannot be
 * read. */
static int
lookup(struct walk *w, const git_oid *from, const git_oid *to, git_tree **a,
    git_tree **b)
{
	*a = *b = NULL;
	if ((!git_oid_is_zero(from) && git_tree_lookup(a, w->repo,
	    from) < 0) ||
	    (!git_oid_is_zero(to) && git_tree_lookup(b, w->repo, to) < 0)) {
		git_tree_free(*a);
		*a = NULL;
		return -1;
	}
	return 0;
}

static int
diff(struct walk *w, const git_oid *from, const git_oid *to)
{
	git_tree *a, *b;
	const git_tree_entry *ea, *eb;
	size_t i = 0, j = 0, na, nb;
	int c, rc = 0;

	if (git_oid_equal(from, to))
		return 0;
	if (lookup(w, from, to, &a, &b) < 0)
		return -1;
	na = a ? git_tree_entrycount(a) : 0;
	nb = b ? git_tree_entrycount(b) : 0;
	while (!rc && (i < na || j < nb)) {
		ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
		eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		c = !ea ? 1 : !eb ? -1 : entry_cmp(ea, eb);
		if (c < 0) {
			rc = alone(w, ea, 0);
			i++;
		} else if (c > 0) {
			rc = alone(w, eb, 1);
			j++;
		} else {
			/* same name and kind: ids, or modes, differ */
			if (!git_oid_equal(git_tree_entry_id(ea),
			    git_tree_entry_id(eb)) ||
			    git_tree_entry_filemode(ea) !=
			    git_tree_entry_filemode(eb))
				rc = is_tree(ea) ? descend(w, ea, eb) :
				    report(w, ea, eb);
			i++;
			j++;
		}
	}
	git_tree_free(a);
	git_tree_free(b);
	return rc;
}

/* The id of e when it is of the kind wanted (a folder or not), else the
 * zero id: what is not on the way to the path, or not the path, is as
 * absent. */
static const git_oid *
id_if(const git_tree_entry *e, int folder, const git_oid *zero)
{
	return e && is_tree(e) == folder ? git_tree_entry_id(e) : zero;
}

/* Only rest, a path below the folder being walked: one name looked up on
 * each side, the other entries not compared. */
static int
diff_path(struct walk *w, const git_oid *from, const git_oid *to,
    const char *rest)
{
	git_tree *a, *b;
	const git_tree_entry *ea, *eb;
	const char *slash = strchr(rest, '/');
	const git_oid *ia, *ib;
	git_oid zero;
	size_t len = w->path.len;
	char *name;
	int rc = 0;

	if (!*rest)
		return diff(w, from, to);	/* below the folder: all */
	if (git_oid_equal(from, to))
		return 0;
	if (lookup(w, from, to, &a, &b) < 0)
		return -1;
	memset(&zero, 0, sizeof(zero));
	name = slash ? xstrndup(rest, (size_t)(slash - rest)) :
	    (char *)rest;
	ea = a ? git_tree_entry_byname(a, name) : NULL;
	eb = b ? git_tree_entry_byname(b, name) : NULL;
	ia = id_if(ea, slash != NULL, &zero);
	ib = id_if(eb, slash != NULL, &zero);
	if (slash) {
		sf_buf_addf(&w->path, "%s/", name);
		rc = diff_path(w, ia, ib, slash + 1);
		sf_buf_setlen(&w->path, len);
		free(name);
	} else if (!git_oid_equal(ia, ib) || (!git_oid_is_zero(ia) &&
	    git_tree_entry_filemode(ea) != git_tree_entry_filemode(eb))) {
		rc = report(w, git_oid_is_zero(ia) ? NULL : ea,
		    git_oid_is_zero(ib) ? NULL : eb);
	}
	git_tree_free(a);
	git_tree_free(b);
	return rc;
}

int
sf_tree_diff(git_repository *repo, const git_oid *from, const git_oid *to,
    const char *prefix, sf_tree_change_fn cb, void *ctx)
{
	struct walk w;
	int rc;

	w.repo = repo;
	w.cb = cb;
	w.ctx = ctx;
	sf_buf_init(&w.path);
	sf_buf_addf(&w.path, "%s", prefix ? prefix : "");
	rc = diff(&w, from, to);
	sf_buf_release(&w.path);
	return rc;
}

int
sf_tree_diff_path(git_repository *repo, const git_oid *from,
    const git_oid *to, const char *path, sf_tree_change_fn cb, void *ctx)
{
	struct walk w;
	int rc;

	w.repo = repo;
	w.cb = cb;
	w.ctx = ctx;
	sf_buf_init(&w.path);
	rc = diff_path(&w, from, to, path);
	sf_buf_release(&w.path);
	return rc;
}
