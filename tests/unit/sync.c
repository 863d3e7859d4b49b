/* Unit tests: lib/sync.c, between real repositories on disk: a bare
 * central one and two clones of it (checked with git(1)) */
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
#include "config.h"
#include "error.h"
#include "ledger.h"
#include "lifecycle.h"
#include "merge.h"
#include "store.h"
#include "sync.h"
#include "units.h"

#define ID "20241008-k3f9qa"
#define F "issues/2024/10/" ID ".yaml"
#define CONTACT "contact: 宁波市发改委 王敏 0574-8918xxxx"
#define DUE2 "  due: 2024-12-31"

static char dir[] = "/tmp/sanfen-sync-XXXXXX";
static char *base;		/* tests/unit/data/issue/coordinated.yaml */

/* The output of a shell command run in dir, trailing newline dropped. */
static char *
sh(const char *fmt, ...)
{
	struct sf_buf cmd, out;
	char chunk[4096];
	va_list ap;
	FILE *p;
	size_t n;

	sf_buf_init(&cmd);
	sf_buf_init(&out);
	sf_buf_addf(&cmd, "cd %s && ", dir);
	va_start(ap, fmt);
	sf_buf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	p = popen(cmd.buf, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		sf_buf_add(&out, chunk, n);
	pclose(p);
	sf_buf_rtrim(&out);
	sf_buf_release(&cmd);
	return sf_buf_detach(&out, NULL);
}

/* cmd's output is want, but for the trailing newlines sh() drops. */
static void
is_sh(const char *want, const char *cmd)
{
	char *got = sh("%s", cmd);
	size_t n = strlen(want);

	while (n && want[n - 1] == '\n')
		n--;
	if (strlen(got) != n || memcmp(got, want, n) != 0)
		fail_msg("%s\n got: '%s'\nwant: '%s'", cmd, got, want);
	free(got);
}

/* text with old replaced by new (once; the test fails if old is absent) */
static char *
subst(const char *text, const char *old, const char *new)
{
	const char *p = strstr(text, old);
	struct sf_buf b;

	if (!p)
		fail_msg("'%s' not in the text", old);
	sf_buf_init(&b);
	sf_buf_add(&b, text, (size_t)(p - text));
	sf_buf_addstr(&b, new);
	sf_buf_addstr(&b, p + strlen(old));
	return sf_buf_detach(&b, NULL);
}

static char *
at(const char *rel)
{
	static char p[2][512];
	static int k;

	k = !k;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, rel);
	return p[k];
}

/* Commit F with text in the clone name, as a writer would. */
static void
commit(const char *name, const char *text)
{
	struct sf_ledger *l;
	struct sf_change *c = sf_change_new();
	struct sf_msg msg;

	sf_change_put(c, F, text, strlen(text));
	sf_msg_init(&msg, "edit %s in %s", ID, name);
	assert_int_equal(sf_ledger_open(at(name), &l), 0);
	assert_int_equal(sf_ledger_lock(l), 0);
	assert_int_equal(sf_store_commit(l, c, &msg, NULL), 0);
	sf_ledger_free(l);
	sf_msg_release(&msg);
	sf_change_free(c);
}

/* sanfen-sync in the clone name, as the command runs it; the result is
 * in r and cf (cleared by the caller). */
static int
sync_in(const char *name, int push, struct sf_resolutions *res,
    struct sf_sync_result *r, struct sf_conflicts *cf)
{
	struct sf_sync_opts o;
	struct sf_ledger *l;
	int rc;

	memset(&o, 0, sizeof(o));
	o.push = push;
	o.tries = 2;
	o.unit = "tf-drc";
	o.res = res;
	o.lock_wait = 1;
	sf_conflicts_init(cf);
	assert_int_equal(sf_ledger_open(at(name), &l), 0);
	assert_int_equal(sf_ledger_lock_merge(l, 1), 0);
	rc = sf_sync(l, &o, r, cf);
	sf_ledger_free(l);
	return rc;
}

static int
setup(void **state)
{
	struct sf_change *c;
	struct sf_buf in;
	struct sf_msg msg;
	const char *build = getenv("SANFEN_BUILD");
	char path[4096];
	int rc;

	(void)state;
	setenv("GIT_AUTHOR_NAME", "test", 1);
	setenv("GIT_AUTHOR_EMAIL", "t@example", 1);
	setenv("GIT_COMMITTER_NAME", "test", 1);
	setenv("GIT_COMMITTER_EMAIL", "t@example", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", "/nonexistent", 1);
	setenv("SANFEN_TODAY", "2024-12-10", 1);
	unsetenv("SANFEN_DIR");
	unsetenv("SANFEN_UNIT");
	git_libgit2_init();
	snprintf(path, sizeof(path), "%s/tests/unit/data/issue/"
	    "coordinated.yaml", build ? build : ".");
	sf_buf_init(&in);
	if (sf_buf_read_file(&in, path, 1 << 20) < 0 || !mkdtemp(dir))
		return -1;
	base = sf_buf_detach(&in, NULL);

	/* ledger a, pushed to the central repository by its first sync;
	 * b a clone of that */
	c = sf_change_new();
	sf_change_put(c, SF_CONFIG_PATH, sf_default_config_yaml,
	    strlen(sf_default_config_yaml));
	sf_change_put(c, SF_UNITS_PATH, sf_default_units_yaml,
	    strlen(sf_default_units_yaml));
	sf_change_put(c, F, base, strlen(base));
	sf_msg_init(&msg, "init");
	rc = sf_store_init(at("a"), c, &msg, NULL);
	sf_msg_release(&msg);
	sf_change_free(c);
	return rc;
}

static int
teardown(void **state)
{
	char *out = sh("cd / && rm -rf %s", dir);

	(void)state;
	free(out);
	free(base);
	git_libgit2_shutdown();
	return 0;
}

static void
test_url_is_local(void **state)
{
	const char *path = NULL;

	(void)state;
	assert_int_equal(sf_url_is_local("file:///srv/central.git", &path),
	    1);
	assert_string_equal(path, "/srv/central.git");
	assert_int_equal(sf_url_is_local("/srv/central.git", &path), 1);
	assert_string_equal(path, "/srv/central.git");
	assert_int_equal(sf_url_is_local("../central.git", &path), 1);
	assert_string_equal(path, "../central.git");
	/* a slash before the colon: a path, not host:path */
	assert_int_equal(sf_url_is_local("./x:y.git", &path), 1);
	assert_string_equal(path, "./x:y.git");
	path = NULL;
	assert_int_equal(sf_url_is_local("git@central:ledger.git", &path), 0);
	assert_int_equal(sf_url_is_local("ssh://central/ledger.git", &path),
	    0);
	assert_int_equal(sf_url_is_local("https://central/ledger.git",
	    &path), 0);
	assert_null(path);
}

static void
test_first_push_and_clone(void **state)
{
	struct sf_sync_result r;
	struct sf_conflicts cf;
	char *s, *head;

	(void)state;
	/* no remote yet */
	assert_int_equal(sync_in("a", 1, NULL, &r, &cf), SF_ENOTFOUND);
	assert_string_equal(sf_error_message(), "no remote 'origin': add one "
	    "with git remote add origin URL");
	sf_conflicts_clear(&cf);

	s = sh("git init -q --bare -b main central.git && "
	    "git -C a remote add origin %s/central.git", dir);
	free(s);
	assert_int_equal(sync_in("a", 1, NULL, &r, &cf), 0);
	assert_string_equal(r.remote, "origin");
	assert_string_equal(r.branch, "main");
	assert_int_equal(r.local, 1);
	assert_int_equal(r.action, SF_SYNC_NONE);
	assert_int_equal(r.pushed, 1);
	assert_int_equal(r.tries, 1);
	assert_true(git_oid_equal(&r.before, &r.head));
	assert_int_equal(cf.n, 0);
	sf_conflicts_clear(&cf);
	head = sh("git -C a rev-parse HEAD");
	assert_string_equal(git_oid_tostr_s(&r.head), head);
	is_sh(head, "git -C central.git rev-parse main");
	is_sh(head, "git -C a rev-parse origin/main");
	free(head);

	/* nothing new either way: nothing done */
	assert_int_equal(sync_in("a", 1, NULL, &r, &cf), 0);
	assert_int_equal(r.action, SF_SYNC_NONE);
	assert_int_equal(r.pushed, 0);
	sf_conflicts_clear(&cf);

	s = sh("git clone -q central.git b");
	free(s);
	is_sh("", "cmp b/" F " a/" F);
}

static void
test_fast_forward(void **state)
{
	struct sf_sync_result r;
	struct sf_conflicts cf;
	char *t = subst(base, DUE2, "  due: 2025-01-31"), *before;

	(void)state;
	commit("a", t);
	assert_int_equal(sync_in("a", 1, NULL, &r, &cf), 0);
	assert_int_equal(r.pushed, 1);
	sf_conflicts_clear(&cf);

	/* b, fetching only: its branch moves to a's commit, its work tree
	 * follows, the central repository is not written */
	before = sh("git -C b rev-parse HEAD");
	assert_int_equal(sync_in("b", 0, NULL, &r, &cf), 0);
	assert_int_equal(r.action, SF_SYNC_FAST_FORWARD);
	assert_int_equal(r.pushed, 0);
	assert_string_equal(git_oid_tostr_s(&r.before), before);
	sf_conflicts_clear(&cf);
	is_sh("edit " ID " in a", "git -C b log -1 --format=%s");
	is_sh("", "cmp b/" F " a/" F);
	is_sh("", "git -C b status --porcelain");
	free(before);
	free(t);
}

static void
test_merge_by_field(void **state)
{
	struct sf_sync_result r;
	struct sf_conflicts cf;
	char *cur = sh("cat a/" F), *mine, *theirs, *want, *head;

	(void)state;
	/* a and b change two different fields of the same issue */
	theirs = subst(cur, "  status: open\n", "  status: done\n"
	    "  done: 2024-12-08\n");
	mine = subst(cur, CONTACT, "contact: 宁波市发改委 李强 0574-8918xxxx");
	want = subst(mine, "  status: open\n", "  status: done\n"
	    "  done: 2024-12-08\n");
	commit("a", theirs);
	assert_int_equal(sync_in("a", 1, NULL, &r, &cf), 0);
	sf_conflicts_clear(&cf);
	commit("b", mine);

	assert_int_equal(sync_in("b", 1, NULL, &r, &cf), 0);
	assert_int_equal(cf.n, 0);
	assert_int_equal(r.action, SF_SYNC_MERGE);
	assert_int_equal(r.merge.merged, 1);
	assert_int_equal(r.merge.theirs, 0);
	assert_int_equal(r.pushed, 2);	/* b's edit and the merge */
	sf_conflicts_clear(&cf);
	is_sh(want, "cat b/" F);
	is_sh(want, "git -C central.git show main:" F);
	head = sh("git -C b rev-parse HEAD");
	assert_string_equal(git_oid_tostr_s(&r.head), head);
	is_sh(head, "git -C central.git rev-parse main");
	free(head);
	is_sh("sync: merge origin/main (0 from theirs, 1 merged by field)",
	    "git -C b log -1 --format=%s");
	is_sh("sync\ntf-drc", "git -C b log -1 --format='%(trailers:key="
	    SF_TR_ACTION ",valueonly)%(trailers:key=" SF_TR_UNIT
	    ",valueonly)'");
	/* theirs is the second parent, and named in the trailer */
	is_sh("", "test \"$(git -C b log -1 --format='%(trailers:key="
	    SF_TR_MERGE ",valueonly)')\" = \"$(git -C b rev-parse HEAD^2)\"");
	is_sh("edit " ID " in a", "git -C b log -1 --format=%s HEAD^2");
	is_sh("edit " ID " in b", "git -C b log -1 --format=%s HEAD^1");
	is_sh("", "git -C b status --porcelain");

	/* a takes the merge as a fast-forward */
	assert_int_equal(sync_in("a", 1, NULL, &r, &cf), 0);
	assert_int_equal(r.action, SF_SYNC_FAST_FORWARD);
	sf_conflicts_clear(&cf);
	is_sh(want, "cat a/" F);
	free(cur);
	free(mine);
	free(theirs);
	free(want);
}

static void
test_conflict_then_resolve(void **state)
{
	struct sf_resolution v = { ID, "contact", SF_TAKE_THEIRS, NULL, 0 };
	struct sf_resolutions res = { &v, 1 };
	struct sf_sync_result r;
	struct sf_conflicts cf;
	char *cur = sh("cat a/" F), *mine, *theirs, *head, *tracking;

	(void)state;
	/* both change the contact, each its own way */
	theirs = subst(cur, "李强", "张伟");
	mine = subst(cur, "李强", "赵磊");
	commit("a", theirs);
	assert_int_equal(sync_in("a", 1, NULL, &r, &cf), 0);
	sf_conflicts_clear(&cf);
	commit("b", mine);
	head = sh("git -C b rev-parse HEAD");
	tracking = sh("git -C b rev-parse origin/main");

	/* refused: b, its work tree and its tracking branch as they were,
	 * nothing pushed */
	assert_int_equal(sync_in("b", 1, NULL, &r, &cf), SF_ECONFLICT);
	assert_int_equal(cf.n, 1);
	assert_string_equal(cf.v[0].file, F);
	assert_string_equal(cf.v[0].key, "contact");
	/* the values as one line each, as sanfen-sync prints them */
	assert_string_equal(cf.v[0].base, "'宁波市发改委 李强 0574-8918xxxx'");
	assert_string_equal(cf.v[0].ours, "'宁波市发改委 赵磊 0574-8918xxxx'");
	assert_string_equal(cf.v[0].theirs,
	    "'宁波市发改委 张伟 0574-8918xxxx'");
	sf_conflicts_clear(&cf);
	assert_string_equal(git_oid_tostr_s(&r.head), head);
	is_sh(head, "git -C b rev-parse HEAD");
	is_sh(tracking, "git -C b rev-parse origin/main");
	is_sh(mine, "cat b/" F);
	is_sh("", "git -C b status --porcelain");
	is_sh(theirs, "git -C central.git show main:" F);

	/* settled with theirs: merged, said in the merge's trailer */
	assert_int_equal(sync_in("b", 1, &res, &r, &cf), 0);
	assert_int_equal(v.used, 1);
	assert_int_equal(r.action, SF_SYNC_MERGE);
	sf_conflicts_clear(&cf);
	is_sh(theirs, "cat b/" F);
	is_sh(ID " contact theirs", "git -C b log -1 --format='%(trailers:"
	    "key=" SF_TR_RESOLVED ",valueonly)'");
	is_sh("", "test \"$(git -C b rev-parse HEAD)\" = "
	    "\"$(git -C central.git rev-parse main)\"");
	free(cur);
	free(mine);
	free(theirs);
	free(head);
	free(tracking);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_is_local),
		cmocka_unit_test(test_first_push_and_clone),
		cmocka_unit_test(test_fast_forward),
		cmocka_unit_test(test_merge_by_field),
		cmocka_unit_test(test_conflict_then_resolve),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
