/* Unit tests: lib/clone.c, on a real repository */
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

#include "clone.h"
#include "error.h"

static char dir[] = "/tmp/sanfen-clone-XXXXXX";
static git_repository *repo;

static int
setup(void **state)
{
	(void)state;
	git_libgit2_init();
	if (!mkdtemp(dir) || git_repository_init(&repo, dir, 0) < 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	git_repository_free(repo);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
touch(const char *name)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/.git/%s", dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs("0123456789012345678901234567890123456789\n", f);
	fclose(f);
}

static void
gone(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/.git/%s", dir, name);
	unlink(path);
}

static void
test_idle(void **state)
{
	git_oid id;

	(void)state;
	assert_int_equal(sf_clone_idle(repo, 0), 0);
	touch("MERGE_HEAD");
	assert_int_equal(sf_clone_idle(repo, 0), SF_EREFUSED);
	assert_non_null(strstr(sf_error_message(), "git merge --abort"));
	assert_int_equal(sf_clone_idle(repo, 1), 0);	/* sync finishes it */
	assert_int_equal(sf_clone_merge_head(repo, &id), 0);
	assert_string_equal(git_oid_tostr_s(&id),
	    "0123456789012345678901234567890123456789");
	gone("MERGE_HEAD");
	assert_int_equal(sf_clone_merge_head(repo, &id), -1);
	touch("CHERRY_PICK_HEAD");
	assert_int_equal(sf_clone_idle(repo, 1), SF_EREFUSED);
	assert_non_null(strstr(sf_error_message(), "cherry-pick --abort"));
	gone("CHERRY_PICK_HEAD");
	touch("REVERT_HEAD");
	assert_int_equal(sf_clone_idle(repo, 0), SF_EREFUSED);
	assert_non_null(strstr(sf_error_message(), "git revert --abort"));
	gone("REVERT_HEAD");
	touch("BISECT_LOG");
	assert_int_equal(sf_clone_idle(repo, 1), SF_EREFUSED);
	assert_non_null(strstr(sf_error_message(), "git bisect reset"));
	gone("BISECT_LOG");
	assert_int_equal(sf_clone_idle(repo, 0), 0);
}

static void
test_driver(void **state)
{
	git_config *cfg, *snap;
	const char *v;

	(void)state;
	assert_int_equal(sf_clone_ensure_driver(repo), 1);	/* was unset */
	assert_int_equal(sf_clone_ensure_driver(repo), 0);	/* is set */
	assert_int_equal(git_repository_config_snapshot(&snap, repo), 0);
	assert_int_equal(git_config_get_string(&v, snap,
	    "merge.sanfen.driver"), 0);
	assert_string_equal(v, SF_CLONE_DRIVER);
	git_config_free(snap);
	/* one set by hand stays */
	assert_int_equal(git_repository_config(&cfg, repo), 0);
	assert_int_equal(git_config_set_string(cfg, "merge.sanfen.driver",
	    "mine %O %A %B"), 0);
	git_config_free(cfg);
	assert_int_equal(sf_clone_ensure_driver(repo), 0);
	assert_int_equal(git_repository_config_snapshot(&snap, repo), 0);
	assert_int_equal(git_config_get_string(&v, snap,
	    "merge.sanfen.driver"), 0);
	assert_string_equal(v, "mine %O %A %B");
	git_config_free(snap);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idle),
		cmocka_unit_test(test_driver),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
