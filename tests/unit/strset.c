/* Unit tests: lib/strset.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "strset.h"

static void
test_strset(void **state)
{
	struct sf_strset s = SF_STRSET_INIT;
	char key[32];
	int i;

	sf_strset_init(&s);
	assert_false(sf_strset_has(&s, "x"));
	assert_null(sf_strset_get(&s, "x"));
	assert_int_equal(sf_strset_add(&s, "20241008-k3f9qa"), 1);
	assert_int_equal(sf_strset_add(&s, "20241008-k3f9qa"), 0);
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		sf_strset_put(&s, key, (void *)(intptr_t)(i + 1));
	}
	assert_int_equal(s.n, 5001);
	assert_int_equal((intptr_t)sf_strset_get(&s, "k4321"), 4322);
	assert_true(sf_strset_has(&s, "20241008-k3f9qa"));
	assert_false(sf_strset_has(&s, "k5000"));
	sf_strset_clear(&s);
}


int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
