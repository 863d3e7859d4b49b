/* Unit tests: lib/buf.c */
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

static void
test_buf_add(void **state)
{
	struct sf_buf b = SF_BUF_INIT;

	sf_buf_init(&b);
	assert_string_equal(b.buf, "");
	sf_buf_addstr(&b, "宁波");
	sf_buf_addch(&b, '-');
	sf_buf_addf(&b, "%d件", 12);
	assert_string_equal(b.buf, "宁波-12件");
	assert_int_equal(b.len, strlen("宁波-12件"));
	sf_buf_reset(&b);
	assert_string_equal(b.buf, "");
	assert_int_equal(b.len, 0);
	sf_buf_release(&b);
}


static void
test_buf_grow_large(void **state)
{
	struct sf_buf b = SF_BUF_INIT;
	size_t i;

	sf_buf_init(&b);
	for (i = 0; i < 10000; i++)
		sf_buf_addf(&b, "%05zu", i);
	assert_int_equal(b.len, 50000);
	assert_memory_equal(b.buf + 49995, "09999", 5);
	assert_int_equal(b.buf[b.len], '\0');
	sf_buf_release(&b);
}


static void
test_buf_detach_rtrim(void **state)
{
	struct sf_buf b = SF_BUF_INIT;
	size_t len;
	char *s;

	sf_buf_init(&b);
	s = sf_buf_detach(&b, &len);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
	sf_buf_addstr(&b, "text \t\n\n");
	sf_buf_rtrim(&b);
	assert_string_equal(b.buf, "text");
	s = sf_buf_detach(&b, &len);
	assert_string_equal(s, "text");
	assert_int_equal(len, 4);
	assert_string_equal(b.buf, "");
	free(s);
}


static void
test_buf_read_file_limit(void **state)
{
	char path[] = "/tmp/sanfen-buf-XXXXXX";
	struct sf_buf b = SF_BUF_INIT;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "0123456789", 10), 10);
	close(fd);
	sf_buf_init(&b);
	assert_int_equal(sf_buf_read_file(&b, path, 10), 0);
	assert_string_equal(b.buf, "0123456789");
	sf_buf_reset(&b);
	assert_int_equal(sf_buf_read_file(&b, path, 9), -1);
	assert_int_equal(b.len, 0);
	assert_int_equal(sf_buf_read_file(&b, "/nonexistent/x", 9), -1);
	assert_int_equal(sf_buf_read_file(&b, "/tmp", 9), -1);
	unlink(path);
	sf_buf_release(&b);
}


int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_add),
		cmocka_unit_test(test_buf_grow_large),
		cmocka_unit_test(test_buf_detach_rtrim),
		cmocka_unit_test(test_buf_read_file_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
