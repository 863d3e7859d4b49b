/* Unit tests: lib/arena.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "arena.h"

static void
test_arena(void **state)
{
	struct sf_arena *a = sf_arena_new();
	char *s, *big;
	int *p;

	p = sf_arena_alloc(a, sizeof(int) * 4);
	assert_int_equal(p[0] | p[1] | p[2] | p[3], 0);
	assert_int_equal((uintptr_t)p % 16, 0);
	s = sf_arena_strdup(a, "杭州市人民政府");
	assert_string_equal(s, "杭州市人民政府");
	assert_null(sf_arena_strdup(a, NULL));
	s = sf_arena_strndup(a, "abcdef", 3);
	assert_string_equal(s, "abc");
	big = sf_arena_alloc(a, 100000);
	memset(big, 'x', 100000);
	s = sf_arena_printf(a, "%s-%d", "m", 7);
	assert_string_equal(s, "m-7");
	assert_true(sf_arena_used(a) >= 100000);
	sf_arena_free(a);
	sf_arena_free(NULL);
}

/* A copy keeps NULL as NULL and an empty array as an array, and its
 * strings live in the arena, not in the original. */
static void
test_memdup(void **state)
{
	struct sf_arena *a = sf_arena_new();
	static const int v[3] = { 7, 8, 9 };
	char one[] = "宁波", two[] = "省发改委";
	const char *src[2] = { one, two }, **w;
	int *p;

	(void)state;
	assert_null(sf_arena_memdup(a, NULL, 0, sizeof(int)));
	assert_non_null(sf_arena_memdup(a, v, 0, sizeof(int)));
	p = sf_arena_memdup(a, v, 3, sizeof(int));
	assert_ptr_not_equal(p, v);
	assert_int_equal(p[0] + p[1] + p[2], 24);
	assert_null(sf_arena_strvdup(a, NULL, 0));
	w = sf_arena_strvdup(a, src, 2);
	memset(one, 0, sizeof(one));
	memset(two, 0, sizeof(two));
	assert_string_equal(w[0], "宁波");
	assert_string_equal(w[1], "省发改委");
	sf_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_memdup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
