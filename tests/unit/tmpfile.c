/* Unit tests: lib/tmpfile.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "tmpfile.h"

static char dir[] = "/tmp/sanfen-tmpfile-XXXXXX";

static void
test_write(void **state)
{
	char path[512];
	struct sf_buf b = SF_BUF_INIT;
	struct stat st;

	(void)state;
	setenv("TMPDIR", dir, 1);
	assert_int_equal(sf_tmpfile_write("sanfen-x", ".yaml", "标题\n", 7,
	    path, sizeof(path)), 0);
	assert_int_equal(strncmp(path, dir, strlen(dir)), 0);
	assert_non_null(strstr(path, "/sanfen-x-"));
	assert_string_equal(path + strlen(path) - 5, ".yaml");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(sf_buf_read_file(&b, path, 100), 0);
	assert_string_equal(b.buf, "标题\n");
	sf_buf_release(&b);
	unlink(path);
	/* no data: an empty file */
	assert_int_equal(sf_tmpfile_write("sanfen-y", "", NULL, 0, path,
	    sizeof(path)), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
	unlink(path);
	/* a directory that is not there: -1, nothing left */
	setenv("TMPDIR", "/nonexistent/sanfen", 1);
	assert_int_equal(sf_tmpfile_write("sanfen-z", "", "x", 1, path,
	    sizeof(path)), -1);
	unsetenv("TMPDIR");
}

static void
test_beside(void **state)
{
	char path[512], *tmp;
	struct stat st;
	mode_t old = umask(022);
	int fd;

	(void)state;
	/* the directory is made; the mode follows the umask */
	snprintf(path, sizeof(path), "%s/sub/cache", dir);
	assert_true((fd = sf_tmpfile_beside(path, &tmp)) >= 0);
	assert_int_equal(strncmp(tmp, path, strlen(path)), 0);
	assert_int_equal(tmp[strlen(path)], '.');
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(write(fd, "x", 1), 1);
	close(fd);
	assert_int_equal(rename(tmp, path), 0);
	assert_int_equal(stat(path, &st), 0);
	free(tmp);
	unlink(path);
	/* a directory that cannot be made */
	assert_int_equal(sf_tmpfile_beside("/nonexistent/a/b", &tmp), -1);
	assert_null(tmp);
	umask(old);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_beside),
	};
	int rc;

	if (!mkdtemp(dir))
		return 1;
	char cmd[600];

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
