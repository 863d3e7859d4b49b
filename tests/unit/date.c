/* Unit tests: lib/date.c and lib/id.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "date.h"
#include "error.h"
#include "id.h"

static void
test_date_valid(void **state)
{
	static const struct {
		const char *s;
		int ok;
	} cases[] = {
		{ "2024-10-08", 1 }, { "2024-02-29", 1 }, { "2023-02-29", 0 },
		{ "2024-02-30", 0 }, { "2000-02-29", 1 }, { "1900-02-29", 0 },
		{ "2024-13-01", 0 }, { "2024-00-10", 0 }, { "2024-12-31", 1 },
		{ "2024-12-32", 0 }, { "2024-1-08", 0 }, { "20241008", 0 },
		{ "2024-10-08 ", 0 }, { "", 0 }, { "2024/10/08", 0 },
		{ "2024-04-31", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (sf_date_valid(cases[i].s) != cases[i].ok)
			fail_msg("sf_date_valid(\"%s\") != %d", cases[i].s,
			    cases[i].ok);
	}
	assert_false(sf_date_valid(NULL));
}

static void
test_date_days(void **state)
{
	char out[SF_DATE_LEN + 1];
	long d;

	assert_int_equal(sf_date_days("1970-01-01"), 0);
	assert_int_equal(sf_date_days("2024-09-10") -
	    sf_date_days("2024-09-04"), 6);
	assert_int_equal(sf_date_days("2025-01-01") -
	    sf_date_days("2024-01-01"), 366);
	for (d = sf_date_days("1999-12-01"); d < sf_date_days("2031-01-01");
	    d += 17) {
		sf_date_from_days(d, out);
		assert_int_equal(sf_date_days(out), d);
	}
	sf_date_from_days(sf_date_days("2024-02-28") + 1, out);
	assert_string_equal(out, "2024-02-29");
}

static void
test_today(void **state)
{
	char out[SF_DATE_LEN + 1];

	setenv("SANFEN_TODAY", "2024-10-15", 1);
	assert_int_equal(sf_today(out), 0);
	assert_string_equal(out, "2024-10-15");
	setenv("SANFEN_TODAY", "2024-02-30", 1);
	assert_int_equal(sf_today(out), SF_EINVALID);
	assert_string_equal(sf_error_message(), "SANFEN_TODAY: invalid date "
	    "'2024-02-30' (expected YYYY-MM-DD)");
	unsetenv("SANFEN_TODAY");
	assert_int_equal(sf_today(out), 0);
	assert_true(sf_date_valid(out));
}

static void
test_date_zh_quarter(void **state)
{
	struct sf_buf b = SF_BUF_INIT;
	char first[SF_DATE_LEN + 1], last[SF_DATE_LEN + 1];

	sf_buf_init(&b);
	sf_date_zh("2024-10-14", &b);
	assert_string_equal(b.buf, "2024年10月14日");
	sf_buf_reset(&b);
	sf_date_zh("2024-01-05", &b);
	assert_string_equal(b.buf, "2024年1月5日");
	sf_buf_release(&b);
	assert_int_equal(sf_quarter_range("2024Q4", first, last), 0);
	assert_string_equal(first, "2024-10-01");
	assert_string_equal(last, "2024-12-31");
	assert_int_equal(sf_quarter_range("2024Q1", first, last), 0);
	assert_string_equal(last, "2024-03-31");
	assert_int_equal(sf_quarter_range("2024Q5", first, last), -1);
	assert_int_equal(sf_quarter_range("24Q1", first, last), -1);
}

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
		cmocka_unit_test(test_date_valid),
		cmocka_unit_test(test_date_days),
		cmocka_unit_test(test_today),
		cmocka_unit_test(test_date_zh_quarter),
		cmocka_unit_test(test_id),
		cmocka_unit_test(test_id_prefix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
