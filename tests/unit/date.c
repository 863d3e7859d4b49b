/* Unit tests: lib/date.c */
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_valid),
		cmocka_unit_test(test_date_days),
		cmocka_unit_test(test_today),
		cmocka_unit_test(test_date_zh_quarter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
