/* Unit tests: lib/store.c, on real repositories (checked with git(1)) */
#include <git2.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "error.h"
#include "ledger.h"
#include "store.h"

static char dir[] = "/tmp/sanfen-store-XXXXXX";

/* The output of a shell command run in dir, trailing newline dropped. */
static char *
sh(const char *fmt, ...)
{
	struct sf_buf cmd = SF_BUF_INIT, out = SF_BUF_INIT;
	char chunk[4096];
	va_list ap;
	FILE *p;
	size_t n;

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

static void
is_sh(const char *want, const char *cmd)
{
	char *got = sh("%s", cmd);

	if (strcmp(got, want) != 0)
		fail_msg("%s\n got: '%s'\nwant: '%s'", cmd, got, want);
	free(got);
}

static int
setup(void **state)
{
	setenv("GIT_AUTHOR_NAME", "大发改专班 李明", 1);
	setenv("GIT_AUTHOR_EMAIL", "li@drc.example", 1);
	setenv("GIT_AUTHOR_DATE", "2024-10-08T09:30:00+08:00", 1);
	setenv("GIT_COMMITTER_NAME", "大发改专班 李明", 1);
	setenv("GIT_COMMITTER_EMAIL", "li@drc.example", 1);
	setenv("GIT_COMMITTER_DATE", "@1728351000 +0800", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", "/nonexistent", 1);
	git_libgit2_init();
	if (!mkdtemp(dir))
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char *out = sh("cd / && rm -rf %s", dir);

	free(out);
	git_libgit2_shutdown();
	return 0;
}

static void
open_ledger(struct sf_ledger *l)
{
	memset(l, 0, sizeof(*l));
	l->root = dir;
	assert_int_equal(git_repository_open(&l->repo, dir), 0);
	l->unborn = git_reference_name_to_id(&l->head, l->repo, "HEAD") != 0;
}

static void
test_init_and_commit(void **state)
{
	struct sf_change *c = sf_change_new();
	struct sf_msg msg;
	struct sf_ledger l, other;
	char *s;

	sf_change_put(c, "units.yaml", "units: []\n", 10);
	sf_change_put(c, ".sanfen/config.yaml", "rules: x\n", 9);
	sf_msg_init(&msg, "init: sanfen ledger");
	sf_msg_trailer(&msg, "Sanfen-Action", "init");
	assert_int_equal(sf_store_init(dir, c, &msg, NULL), 0);
	sf_msg_release(&msg);
	sf_change_free(c);
	is_sh("main", "git symbolic-ref --short HEAD");
	is_sh("init: sanfen ledger", "git log -1 --format=%s");
	is_sh("init", "git log -1 --format='%(trailers:key=Sanfen-Action,"
	    "valueonly)'");
	is_sh("大发改专班 李明 <li@drc.example> 2024-10-08T09:30:00+08:00",
	    "git log -1 --format='%an <%ae> %aI'");
	is_sh("2024-10-08T09:30:00+08:00", "git log -1 --format=%cI");
	is_sh("", "git status --porcelain");
	is_sh(".sanfen/config.yaml\nunits.yaml", "git ls-files");
	assert_int_equal(sf_store_init(dir, c = sf_change_new(), &msg, NULL),
	    SF_EREFUSED);
	sf_change_free(c);

	/* add, change and remove; unrelated user edits stay as they were */
	s = sh("mkdir -p notes && echo draft >notes/todo.txt && "
	    "git add notes/todo.txt && echo hi >scratch.txt");
	free(s);
	open_ledger(&l);
	c = sf_change_new();
	sf_change_put(c, "issues/2024/10/20241008-aaaaaa.yaml", "id: a\n", 6);
	sf_change_put(c, "issues/2024/10/20241008-bbbbbb.yaml", "id: b\n", 6);
	sf_change_put(c, "units.yaml", "units: [x]\n", 11);
	sf_change_put(c, "units.yaml", "units: [y]\n", 11);	/* last wins */
	sf_msg_init(&msg, "submit 20241008-aaaaaa: 宁波舟山港梅山港区某集装箱"
	    "码头工程用海审批，项目用海需报国务院审批，预计影响年内开工");
	sf_msg_body(&msg, "two issues\nand a unit");
	sf_msg_trailer(&msg, "Sanfen-Action", "submit");
	sf_msg_trailer(&msg, "Sanfen-Issue", "%s", "20241008-aaaaaa");
	assert_int_equal(sf_store_commit(&l, c, &msg, NULL), 0);
	sf_msg_release(&msg);
	sf_change_free(c);
	/* 72 columns at most, CJK counting two */
	is_sh("submit 20241008-aaaaaa: 宁波舟山港梅山港区某集装箱码头工程用"
	    "海审批，项…", "git log -1 --format=%s");
	is_sh("two issues\nand a unit\n\nSanfen-Action: submit\n"
	    "Sanfen-Issue: 20241008-aaaaaa", "git log -1 --format=%b");
	is_sh("A  notes/todo.txt\n?? scratch.txt", "git status --porcelain");
	is_sh("issues/2024/10/20241008-aaaaaa.yaml\n"
	    "issues/2024/10/20241008-bbbbbb.yaml\nunits.yaml",
	    "git show --format= --name-only HEAD");
	is_sh("units: [y]", "cat units.yaml");
	is_sh("2", "git rev-list --count HEAD");

	c = sf_change_new();
	sf_change_remove(c, "issues/2024/10/20241008-bbbbbb.yaml");
	sf_change_remove(c, "issues/2024/10/20241008-aaaaaa.yaml");
	sf_msg_init(&msg, "remove");
	assert_int_equal(sf_store_commit(&l, c, &msg, NULL), 0);
	sf_msg_release(&msg);
	sf_change_free(c);
	is_sh("", "git ls-tree -r --name-only HEAD issues");
	is_sh("", "git ls-tree HEAD issues");	/* no empty tree left */
	is_sh("A  notes/todo.txt\n?? scratch.txt", "git status --porcelain");
	is_sh("", "ls issues/2024/10");

	/* a touched path with uncommitted edits: refused, nothing written */
	s = sh("echo 'units: [mine]' >units.yaml");
	free(s);
	c = sf_change_new();
	sf_change_put(c, "units.yaml", "units: [z]\n", 11);
	sf_msg_init(&msg, "change units");
	assert_int_equal(sf_store_commit(&l, c, &msg, NULL), SF_EREFUSED);
	assert_string_equal(sf_error_message(), "units.yaml has uncommitted "
	    "changes; commit or discard them first");
	is_sh("units: [mine]", "cat units.yaml");
	is_sh("3", "git rev-list --count HEAD");
	s = sh("git checkout -q units.yaml && echo x >new.yaml");
	free(s);
	sf_change_put(c, "new.yaml", "y\n", 2);
	assert_int_equal(sf_store_commit(&l, c, &msg, NULL), SF_EREFUSED);
	assert_string_equal(sf_error_message(), "new.yaml exists but is not "
	    "committed; move it away or commit it first");
	s = sh("rm new.yaml");
	free(s);
	sf_change_free(c);

	/* a concurrent change is detected, not overwritten */
	open_ledger(&other);
	c = sf_change_new();
	sf_change_put(c, "a.txt", "a\n", 2);
	assert_int_equal(sf_store_commit(&l, c, &msg, NULL), 0);
	sf_change_free(c);
	c = sf_change_new();
	sf_change_put(c, "b.txt", "b\n", 2);
	assert_int_equal(sf_store_commit(&other, c, &msg, NULL),
	    SF_ECONFLICT);
	assert_string_equal(sf_error_message(), "ledger changed while this "
	    "command ran; retry");
	is_sh("a.txt", "git show --format= --name-only HEAD");
	is_sh("", "ls b.txt 2>/dev/null");
	sf_change_free(c);
	sf_msg_release(&msg);
	is_sh("", "git fsck --no-progress 2>&1 | grep -v dangling");
	git_repository_free(l.repo);
	git_repository_free(other.repo);
}

static void
test_signature(void **state)
{
	static const struct {
		const char *date;
		long long when;
		int offset;
	} cases[] = {
		{ "@1728351000 +0800", 1728351000, 480 },
		{ "1728351000 -0130", 1728351000, -90 },
		{ "2024-10-08T09:30:00+08:00", 1728351000, 480 },
		{ "2024-10-08 01:30:00 +0000", 1728351000, 0 },
		{ "Tue, 08 Oct 2024 09:30:00 +0800", 1728351000, 480 },
		{ "2024-10-08T01:30:00Z", 1728351000, 0 },
	};
	git_repository *repo;
	git_signature *sig;
	size_t i;

	assert_int_equal(git_repository_open(&repo, dir), 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		setenv("GIT_AUTHOR_DATE", cases[i].date, 1);
		assert_int_equal(sf_store_signature(repo, 0, &sig), 0);
		if (sig->when.time != cases[i].when ||
		    sig->when.offset != cases[i].offset)
			fail_msg("%s: %lld %d", cases[i].date,
			    (long long)sig->when.time, sig->when.offset);
		git_signature_free(sig);
	}
	setenv("GIT_AUTHOR_DATE", "yesterday", 1);
	assert_int_equal(sf_store_signature(repo, 0, &sig), SF_EINVALID);
	assert_string_equal(sf_error_message(), "GIT_AUTHOR_DATE: cannot read "
	    "the date 'yesterday'");
	unsetenv("GIT_AUTHOR_DATE");
	unsetenv("GIT_AUTHOR_NAME");
	unsetenv("GIT_AUTHOR_EMAIL");
	unsetenv("EMAIL");
	assert_int_equal(sf_store_signature(repo, 0, &sig), SF_EINVALID);
	assert_string_equal(sf_error_message(), "no author identity: set "
	    "user.name and user.email with git config, or GIT_AUTHOR_NAME "
	    "and GIT_AUTHOR_EMAIL");
	git_repository_free(repo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_and_commit),
		cmocka_unit_test(test_signature),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
