/* Unit tests: lib/treediff.c, on trees written to a real repository */
#include <git2.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "treediff.h"

static char dir[] = "/tmp/sanfen-treediff-XXXXXX";
static git_repository *repo;
static git_oid zero;

#define REG	0100644u
#define EXE	0100755u
#define LINK	0120000u
#define GITLINK	0160000u
#define TREE	0040000u

/* One entry of a tree to build: a blob with text, or for GITLINK and
 * TREE the id in hex (which need not name an object in the repository). */
struct ent {
	const char *path;
	unsigned mode;
	const char *text;
};

static int
setup(void **state)
{
	(void)state;
	git_libgit2_init();
	memset(&zero, 0, sizeof(zero));
	if (!mkdtemp(dir))
		return -1;
	return git_repository_init(&repo, dir, 1);
}

static int
teardown(void **state)
{
	struct sf_buf cmd = SF_BUF_INIT;
	int rc;

	(void)state;
	git_repository_free(repo);
	sf_buf_addf(&cmd, "rm -rf %s", dir);
	rc = system(cmd.buf);
	sf_buf_release(&cmd);
	git_libgit2_shutdown();
	return rc == 0 ? 0 : -1;
}

static git_oid
blob(const char *text)
{
	git_oid id;

	if (git_blob_create_from_buffer(&id, repo, text, strlen(text)) < 0)
		fail_msg("blob: %s", git_error_last()->message);
	return id;
}

static void
fail_git(const char *what)
{
	const git_error *e = git_error_last();

	fail_msg("%s: %s", what, e ? e->message : "?");
}

/* The tree of the entries e (ended by a NULL path). */
static git_oid
mktree(const struct ent *e)
{
	git_tree_update up[600];
	git_treebuilder *tb;
	git_tree *empty;
	git_oid id, ids[600];
	size_t n;

	if (git_treebuilder_new(&tb, repo, NULL) < 0 ||
	    git_treebuilder_write(&id, tb) < 0 ||
	    git_tree_lookup(&empty, repo, &id) < 0)
		fail_git("empty tree");
	git_treebuilder_free(tb);
	for (n = 0; e[n].path; n++) {
		assert_true(n < sizeof(up) / sizeof(up[0]));
		if (e[n].mode == GITLINK || e[n].mode == TREE)
			assert_int_equal(git_oid_fromstr(&ids[n], e[n].text),
			    0);
		else
			ids[n] = blob(e[n].text);
		memset(&up[n], 0, sizeof(up[n]));
		up[n].action = GIT_TREE_UPDATE_UPSERT;
		up[n].id = ids[n];
		up[n].filemode = (git_filemode_t)e[n].mode;
		up[n].path = e[n].path;
	}
	if (git_tree_create_updated(&id, repo, empty, n, up) < 0)
		fail_git("tree");
	git_tree_free(empty);
	return id;
}

/* The id of the tree at path in the tree root. */
static git_oid
subtree(const git_oid *root, const char *path)
{
	git_tree *t;
	git_tree_entry *e;
	git_oid id;

	if (git_tree_lookup(&t, repo, root) < 0 ||
	    git_tree_entry_bypath(&e, t, path) < 0)
		fail_git(path);
	assert_int_equal(git_tree_entry_type(e), GIT_OBJECT_TREE);
	git_oid_cpy(&id, git_tree_entry_id(e));
	git_tree_entry_free(e);
	git_tree_free(t);
	return id;
}

/* What the walk reported */

struct seen {
	size_t n;
	struct sf_tree_change c[16];
	char path[16][256];
	size_t calls;
	size_t stop_at;		/* return stop_rc on this call (1-based) */
	int stop_rc;
};

static int
record(const struct sf_tree_change *c, void *ctx)
{
	struct seen *s = ctx;

	s->calls++;
	if (s->n < sizeof(s->c) / sizeof(s->c[0])) {
		s->c[s->n] = *c;
		snprintf(s->path[s->n], sizeof(s->path[s->n]), "%s", c->path);
		s->c[s->n].path = s->path[s->n];
		s->n++;
	}
	return s->stop_at && s->calls == s->stop_at ? s->stop_rc : 0;
}

static struct seen *
diff(const git_oid *a, const git_oid *b, const char *prefix, int want_rc)
{
	static struct seen s;
	int rc;

	memset(&s, 0, sizeof(s));
	rc = sf_tree_diff(repo, a, b, prefix, record, &s);
	if (rc != want_rc)
		fail_msg("sf_tree_diff: %d, want %d", rc, want_rc);
	return &s;
}

static void
is_change(const struct seen *s, size_t i, const char *path,
    unsigned old_mode, unsigned new_mode)
{
	if (i >= s->n)
		fail_msg("change %zu (%s) not reported: %zu changes", i, path,
		    s->n);
	assert_string_equal(s->c[i].path, path);
	assert_int_equal(s->c[i].old_mode, old_mode);
	assert_int_equal(s->c[i].new_mode, new_mode);
	/* a side without the path has a zero id */
	assert_int_equal(git_oid_is_zero(&s->c[i].old_id), old_mode == 0);
	assert_int_equal(git_oid_is_zero(&s->c[i].new_id), new_mode == 0);
}

/* A small ledger */
#define LEDGER(b_text) \
	{ ".sanfen/config.yaml", REG, "rules: 2024-09\n" }, \
	{ "issues/2024/10/20241008-aaaaaa.yaml", REG, "id: a\n" }, \
	{ "issues/2024/10/20241009-bbbbbb.yaml", REG, b_text }, \
	{ "issues/2024/11/20241109-cccccc.yaml", REG, "id: c\n" }, \
	{ "meetings/2024/2024-10-15-monthly.yaml", REG, "id: m\n" }, \
	{ "units.yaml", REG, "units: []\n" }

static void
identical(void **state)
{
	const struct ent e[] = { LEDGER("id: b\n"), { NULL, 0, NULL } };
	git_oid a = mktree(e), b = mktree(e);
	struct seen *s;

	(void)state;
	assert_true(git_oid_equal(&a, &b));
	s = diff(&a, &b, NULL, 0);
	assert_int_equal(s->calls, 0);
	s = diff(&a, &a, "issues/", 0);
	assert_int_equal(s->calls, 0);
	s = diff(&zero, &zero, NULL, 0);
	assert_int_equal(s->calls, 0);
}

static void
deep_change(void **state)
{
	const struct ent e1[] = { LEDGER("id: b\n"), { NULL, 0, NULL } };
	const struct ent e2[] = { LEDGER("id: b\ntitle: 改\n"),
		{ NULL, 0, NULL } };
	git_oid a = mktree(e1), b = mktree(e2);
	git_oid old_blob = blob("id: b\n"), new_blob = blob("id: b\ntitle: 改\n");
	struct seen *s;

	(void)state;
	s = diff(&a, &b, NULL, 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "issues/2024/10/20241009-bbbbbb.yaml", REG, REG);
	assert_true(git_oid_equal(&s->c[0].old_id, &old_blob));
	assert_true(git_oid_equal(&s->c[0].new_id, &new_blob));

	/* and the other way round */
	s = diff(&b, &a, NULL, 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "issues/2024/10/20241009-bbbbbb.yaml", REG, REG);
	assert_true(git_oid_equal(&s->c[0].old_id, &new_blob));
	assert_true(git_oid_equal(&s->c[0].new_id, &old_blob));
}

static void
added_and_removed(void **state)
{
	const struct ent e1[] = { LEDGER("id: b\n"), { NULL, 0, NULL } };
	const struct ent e2[] = {
		{ ".sanfen/config.yaml", REG, "rules: 2024-09\n" },
		{ "issues/2024/10/20241009-bbbbbb.yaml", REG, "id: b\n" },
		{ "issues/2024/11/20241109-cccccc.yaml", REG, "id: c\n" },
		{ "issues/2024/12/20241201-dddddd.yaml", REG, "id: d\n" },
		{ "meetings/2024/2024-10-15-monthly.yaml", REG, "id: m\n" },
		{ "units.yaml", REG, "units: []\n" },
		{ NULL, 0, NULL } };
	git_oid a = mktree(e1), b = mktree(e2), d = blob("id: d\n");
	struct seen *s;

	(void)state;
	s = diff(&a, &b, NULL, 0);
	assert_int_equal(s->calls, 2);
	is_change(s, 0, "issues/2024/10/20241008-aaaaaa.yaml", REG, 0);
	is_change(s, 1, "issues/2024/12/20241201-dddddd.yaml", 0, REG);
	assert_true(git_oid_equal(&s->c[1].new_id, &d));

	/* from the empty tree, every file added, in path order */
	s = diff(&zero, &a, NULL, 0);
	assert_int_equal(s->calls, 6);
	is_change(s, 0, ".sanfen/config.yaml", 0, REG);
	is_change(s, 1, "issues/2024/10/20241008-aaaaaa.yaml", 0, REG);
	is_change(s, 2, "issues/2024/10/20241009-bbbbbb.yaml", 0, REG);
	is_change(s, 3, "issues/2024/11/20241109-cccccc.yaml", 0, REG);
	is_change(s, 4, "meetings/2024/2024-10-15-monthly.yaml", 0, REG);
	is_change(s, 5, "units.yaml", 0, REG);
	/* and to it, every file removed */
	s = diff(&a, &zero, NULL, 0);
	assert_int_equal(s->calls, 6);
	is_change(s, 0, ".sanfen/config.yaml", REG, 0);
	is_change(s, 5, "units.yaml", REG, 0);
}

/*
 * x is a file on one side and a folder on the other; x-y sorts before the
 * folder and x0 after it in git's order ('-' < '/' < '0'), but both
 * after the file: the walk must not take them for changes.
 */
static void
file_becomes_folder(void **state)
{
	const struct ent e1[] = {
		{ "x", REG, "file\n" },
		{ "x-y", REG, "dash\n" },
		{ "x0", REG, "zero\n" },
		{ NULL, 0, NULL } };
	const struct ent e2[] = {
		{ "x-y", REG, "dash\n" },
		{ "x/a", REG, "a\n" },
		{ "x/sub/b", EXE, "b\n" },
		{ "x0", REG, "zero\n" },
		{ NULL, 0, NULL } };
	git_oid a = mktree(e1), b = mktree(e2), f = blob("file\n");
	struct seen *s;

	(void)state;
	s = diff(&a, &b, NULL, 0);
	assert_int_equal(s->calls, 3);
	is_change(s, 0, "x", REG, 0);
	assert_true(git_oid_equal(&s->c[0].old_id, &f));
	is_change(s, 1, "x/a", 0, REG);
	is_change(s, 2, "x/sub/b", 0, EXE);

	/* and back: the folder's paths removed, the file added */
	s = diff(&b, &a, NULL, 0);
	assert_int_equal(s->calls, 3);
	is_change(s, 0, "x", 0, REG);
	is_change(s, 1, "x/a", REG, 0);
	is_change(s, 2, "x/sub/b", EXE, 0);
}

static void
mode_only(void **state)
{
	const struct ent e1[] = {
		{ "bin/run", REG, "#!/bin/sh\n" },
		{ "bin/tool", REG, "#!/bin/sh\n" },
		{ NULL, 0, NULL } };
	const struct ent e2[] = {
		{ "bin/run", EXE, "#!/bin/sh\n" },
		{ "bin/tool", REG, "#!/bin/sh\n" },
		{ NULL, 0, NULL } };
	const struct ent e3[] = {
		{ "bin/run", LINK, "#!/bin/sh\n" },
		{ "bin/tool", REG, "#!/bin/sh\n" },
		{ NULL, 0, NULL } };
	git_oid a = mktree(e1), b = mktree(e2), c = mktree(e3);
	struct seen *s;

	(void)state;
	s = diff(&a, &b, NULL, 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "bin/run", REG, EXE);
	assert_true(git_oid_equal(&s->c[0].old_id, &s->c[0].new_id));
	/* a file that becomes a symbolic link, with the same bytes */
	s = diff(&b, &c, NULL, 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "bin/run", EXE, LINK);
}

#define SUB1 "0123456789abcdef0123456789abcdef01234567"
#define SUB2 "89abcdef0123456789abcdef0123456789abcdef"

static void
gitlink(void **state)
{
	const struct ent e1[] = {
		{ "README", REG, "readme\n" },
		{ NULL, 0, NULL } };
	const struct ent e2[] = {
		{ "README", REG, "readme\n" },
		{ "vendor/lib", GITLINK, SUB1 },
		{ NULL, 0, NULL } };
	const struct ent e3[] = {
		{ "README", REG, "readme\n" },
		{ "vendor/lib", GITLINK, SUB2 },
		{ NULL, 0, NULL } };
	git_oid a, b, c, s1, s2;
	struct seen *s;

	(void)state;
	/* a submodule's commit is not in this repository */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
	a = mktree(e1);
	b = mktree(e2);
	c = mktree(e3);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 1);
	assert_int_equal(git_oid_fromstr(&s1, SUB1), 0);
	assert_int_equal(git_oid_fromstr(&s2, SUB2), 0);

	s = diff(&a, &b, NULL, 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "vendor/lib", 0, GITLINK);
	assert_true(git_oid_equal(&s->c[0].new_id, &s1));
	s = diff(&b, &c, NULL, 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "vendor/lib", GITLINK, GITLINK);
	assert_true(git_oid_equal(&s->c[0].old_id, &s1));
	assert_true(git_oid_equal(&s->c[0].new_id, &s2));
	s = diff(&c, &a, NULL, 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "vendor/lib", GITLINK, 0);
}

static void
prefix(void **state)
{
	const struct ent e1[] = { LEDGER("id: b\n"), { NULL, 0, NULL } };
	const struct ent e2[] = { LEDGER("id: b2\n"), { NULL, 0, NULL } };
	git_oid a = mktree(e1), b = mktree(e2);
	git_oid ia = subtree(&a, "issues"), ib = subtree(&b, "issues");
	struct seen *s;

	(void)state;
	s = diff(&ia, &ib, "issues/", 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "issues/2024/10/20241009-bbbbbb.yaml", REG, REG);
	s = diff(&ia, &ib, NULL, 0);
	is_change(s, 0, "2024/10/20241009-bbbbbb.yaml", REG, REG);
	s = diff(&ia, &ib, "", 0);
	is_change(s, 0, "2024/10/20241009-bbbbbb.yaml", REG, REG);
	/* a path that is a folder on one side gets it too */
	s = diff(&zero, &ia, "issues/", 0);
	assert_int_equal(s->calls, 3);
	is_change(s, 0, "issues/2024/10/20241008-aaaaaa.yaml", 0, REG);
	is_change(s, 2, "issues/2024/11/20241109-cccccc.yaml", 0, REG);
}

static void
callback_stops_the_walk(void **state)
{
	const struct ent e1[] = { LEDGER("id: b\n"), { NULL, 0, NULL } };
	git_oid a = mktree(e1);
	struct seen s;
	int rc;

	(void)state;
	/* the third of six, deep in issues/2024/10/ */
	memset(&s, 0, sizeof(s));
	s.stop_at = 3;
	s.stop_rc = 42;
	rc = sf_tree_diff(repo, &zero, &a, NULL, record, &s);
	assert_int_equal(rc, 42);
	assert_int_equal(s.calls, 3);
	assert_string_equal(s.path[2], "issues/2024/10/20241009-bbbbbb.yaml");
	/* a negative value, on the first call */
	memset(&s, 0, sizeof(s));
	s.stop_at = 1;
	s.stop_rc = -7;
	rc = sf_tree_diff(repo, &a, &zero, NULL, record, &s);
	assert_int_equal(rc, -7);
	assert_int_equal(s.calls, 1);
	/* the last: the walk is over anyway */
	memset(&s, 0, sizeof(s));
	s.stop_at = 6;
	s.stop_rc = 1;
	rc = sf_tree_diff(repo, &zero, &a, NULL, record, &s);
	assert_int_equal(rc, 1);
	assert_int_equal(s.calls, 6);
}

/* 500 files below big/, one file in small/ changed */
static git_oid
big_tree(const char *small_text, const char *missing)
{
	static struct ent e[504];
	static char names[500][32];
	size_t i, n = 0;

	for (i = 0; i < 500; i++) {
		snprintf(names[i], sizeof(names[i]), "big/%02zu/f%03zu.yaml",
		    i % 17, i);
		e[n].path = names[i];
		e[n].mode = REG;
		e[n].text = names[i];
		n++;
	}
	if (missing) {
		e[n].path = "gone";
		e[n].mode = TREE;
		e[n].text = missing;
		n++;
	}
	e[n].path = "small/x";
	e[n].mode = REG;
	e[n].text = small_text;
	n++;
	e[n].path = NULL;
	return mktree(e);
}

static void
unchanged_subtree_not_entered(void **state)
{
	git_oid a, b, c, d;
	struct seen *s;

	(void)state;
	a = big_tree("one\n", NULL);
	b = big_tree("two\n", NULL);
	s = diff(&a, &b, NULL, 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "small/x", REG, REG);

	/*
	 * The proof that a subtree the same on both sides is not read: one
	 * whose object is not in the repository at all. Were it entered,
	 * the lookup would fail and the walk return -1.
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
	c = big_tree("one\n", SUB1);
	d = big_tree("two\n", SUB1);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 1);
	s = diff(&c, &d, NULL, 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "small/x", REG, REG);

	/* while one that differs and cannot be read is an error */
	s = diff(&a, &c, NULL, -1);
	git_error_clear();
}

static struct seen *
diff_path(const git_oid *a, const git_oid *b, const char *path, int want_rc)
{
	static struct seen s;
	int rc;

	memset(&s, 0, sizeof(s));
	rc = sf_tree_diff_path(repo, a, b, path, record, &s);
	if (rc != want_rc)
		fail_msg("sf_tree_diff_path %s: %d, want %d", path, rc,
		    want_rc);
	return &s;
}

static void
one_path(void **state)
{
	const struct ent e1[] = { LEDGER("id: b\n"), { NULL, 0, NULL } };
	const struct ent e2[] = { LEDGER("id: b2\n"), { NULL, 0, NULL } };
	git_oid a = mktree(e1), b = mktree(e2), nb = blob("id: b2\n");
	struct seen *s;

	(void)state;
	/* the file that changed, and only it */
	s = diff_path(&a, &b, "issues/2024/10/20241009-bbbbbb.yaml", 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "issues/2024/10/20241009-bbbbbb.yaml", REG, REG);
	assert_true(git_oid_equal(&s->c[0].new_id, &nb));
	/* a file beside it, the same on both sides */
	s = diff_path(&a, &b, "issues/2024/10/20241008-aaaaaa.yaml", 0);
	assert_int_equal(s->calls, 0);
	/* a path in neither, or below a file */
	s = diff_path(&a, &b, "issues/2024/12/20241201-dddddd.yaml", 0);
	assert_int_equal(s->calls, 0);
	s = diff_path(&a, &b, "units.yaml/x", 0);
	assert_int_equal(s->calls, 0);
	/* a folder is not the path; with '/' it is what is below it */
	s = diff_path(&a, &b, "issues/2024/10", 0);
	assert_int_equal(s->calls, 0);
	s = diff_path(&a, &b, "issues/2024/10/", 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "issues/2024/10/20241009-bbbbbb.yaml", REG, REG);
	s = diff_path(&a, &b, "meetings/", 0);
	assert_int_equal(s->calls, 0);
	/* "" is the whole tree */
	s = diff_path(&zero, &a, "", 0);
	assert_int_equal(s->calls, 6);
	/* added, removed */
	s = diff_path(&zero, &a, "units.yaml", 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "units.yaml", 0, REG);
	s = diff_path(&a, &zero, "issues/2024/11/20241109-cccccc.yaml", 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "issues/2024/11/20241109-cccccc.yaml", REG, 0);
}

/* x a file on one side, a folder on the other: x is the file alone */
static void
one_path_file_or_folder(void **state)
{
	const struct ent e1[] = {
		{ "x", REG, "file\n" },
		{ "x-y", REG, "dash\n" },
		{ NULL, 0, NULL } };
	const struct ent e2[] = {
		{ "x-y", REG, "dash\n" },
		{ "x/a", REG, "a\n" },
		{ NULL, 0, NULL } };
	const struct ent e3[] = {
		{ "bin/run", REG, "#!/bin/sh\n" },
		{ NULL, 0, NULL } };
	const struct ent e4[] = {
		{ "bin/run", EXE, "#!/bin/sh\n" },
		{ NULL, 0, NULL } };
	git_oid a = mktree(e1), b = mktree(e2), c = mktree(e3),
	    d = mktree(e4);
	struct seen *s;

	(void)state;
	s = diff_path(&a, &b, "x", 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "x", REG, 0);
	s = diff_path(&b, &a, "x", 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "x", 0, REG);
	s = diff_path(&a, &b, "x/a", 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "x/a", 0, REG);
	s = diff_path(&a, &b, "x-y", 0);
	assert_int_equal(s->calls, 0);
	/* a change of mode alone is a change */
	s = diff_path(&c, &d, "bin/run", 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "bin/run", REG, EXE);
}

/* Only the folders on the way are read: one beside them that differs
 * and cannot be read is never entered. */
static void
one_path_reads_the_way_only(void **state)
{
	git_oid a, c;
	struct seen *s;

	(void)state;
	a = big_tree("one\n", NULL);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
	c = big_tree("two\n", SUB1);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 1);
	s = diff_path(&a, &c, "small/x", 0);
	assert_int_equal(s->calls, 1);
	is_change(s, 0, "small/x", REG, REG);
	s = diff_path(&a, &c, "big/03/f003.yaml", 0);
	assert_int_equal(s->calls, 0);
	/* the way itself unreadable is an error */
	s = diff_path(&a, &c, "gone/x", -1);
	git_error_clear();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(identical),
		cmocka_unit_test(deep_change),
		cmocka_unit_test(added_and_removed),
		cmocka_unit_test(file_becomes_folder),
		cmocka_unit_test(mode_only),
		cmocka_unit_test(gitlink),
		cmocka_unit_test(prefix),
		cmocka_unit_test(callback_stops_the_walk),
		cmocka_unit_test(unchanged_subtree_not_entered),
		cmocka_unit_test(one_path),
		cmocka_unit_test(one_path_file_or_folder),
		cmocka_unit_test(one_path_reads_the_way_only),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
