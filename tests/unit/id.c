/* Unit tests: lib/id.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"
#include "id.h"

static void
test_id(void **state)
{
	char a[SF_ID_LEN + 1], b[SF_ID_LEN + 1];
	int i, same = 0;

	assert_int_equal(strlen(sf_id_alphabet), 32);
	assert_null(strpbrk(sf_id_alphabet, "ilou"));
	sf_id_from_bits("2024-09-13", 0, a);
	assert_string_equal(a, "20240913-000000");
	sf_id_from_bits("2024-09-13", 0x3fffffff, a);
	assert_string_equal(a, "20240913-zzzzzz");
	assert_int_equal(sf_id_new("2024-10-08", a), 0);
	assert_int_equal(strlen(a), SF_ID_LEN);
	assert_memory_equal(a, "20241008-", 9);
	for (i = 9; i < SF_ID_LEN; i++)
		assert_non_null(strchr(sf_id_alphabet, a[i]));
	for (i = 0; i < 100; i++) {
		sf_id_new("2024-10-08", b);
		same += strcmp(a, b) == 0;
	}
	assert_true(same < 2);
	assert_int_equal(sf_id_new("2024-02-30", a), SF_EINVALID);
}

static void
test_id_prefix(void **state)
{
	assert_int_equal(sf_id_prefix_valid("2024"), 0);
	assert_int_equal(sf_id_prefix_valid("20241008-"), 0);
	assert_int_equal(sf_id_prefix_valid("20241008-k3f"), 0);
	assert_int_equal(sf_id_prefix_valid("20241008-k3f9qa"), 0);
	assert_int_equal(sf_id_prefix_valid("20241008k"), -1);
	assert_int_equal(sf_id_prefix_valid("../etc"), -1);
	assert_int_equal(sf_id_prefix_valid("20241008-a/b"), -1);
	assert_int_equal(sf_id_prefix_valid("20241008-K3F"), -1);
	assert_int_equal(sf_id_prefix_valid(""), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id),
		cmocka_unit_test(test_id_prefix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
