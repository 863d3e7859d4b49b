/* Unit tests: lib/output.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "output.h"

/* What f wrote to a memory stream, as a malloc'd string. */
#define CAPTURE(out, call) do { \
	size_t len_; \
	FILE *fp = open_memstream(&(out), &len_); \
	call; \
	fclose(fp); \
} while (0)

static void
test_width(void **state)
{
	size_t cols;

	assert_int_equal(sf_display_width(""), 0);
	assert_int_equal(sf_display_width("ningbo"), 6);
	assert_int_equal(sf_display_width("宁波"), 4);
	assert_int_equal(sf_display_width("〔2024〕10号"), 12);
	assert_int_equal(sf_display_width("“千项万亿”"), 10);
	assert_int_equal(sf_display_width("a\xff" "b"), 3);
	assert_int_equal(sf_display_fit("宁波舟山港", 5, &cols), 6);
	assert_int_equal(cols, 4);
	assert_int_equal(sf_display_fit("宁波", 4, &cols), 6);
	assert_int_equal(cols, 4);
}

static void
test_table_aligns_cjk(void **state)
{
	static const char *const head[] = { "ID", "CITY", "TITLE" };
	static const char *const r1[] = { "20241008-k3f9qa", "宁波",
		"码头用海审批" };
	static const char *const r2[] = { "20241009-aaaaaa", "hangzhou",
		"数据中心\n能耗" };
	struct sf_table *t = sf_table_new(3, head);
	char *out = NULL;

	sf_table_add(t, r1);
	sf_table_add(t, r2);
	CAPTURE(out, sf_table_print(t, fp, 0));
	assert_string_equal(out,
	    "ID               CITY      TITLE\n"
	    "20241008-k3f9qa  宁波      码头用海审批\n"
	    "20241009-aaaaaa  hangzhou  数据中心 能耗\n");
	free(out);
	CAPTURE(out, sf_table_print(t, fp, 34));
	assert_string_equal(out,
	    "ID               CITY      TITLE\n"
	    "20241008-k3f9qa  宁波      码头用…\n"
	    "20241009-aaaaaa  hangzhou  数据中…\n");
	free(out);
	sf_table_free(t);
}

static void
test_table_no_trailing_blanks(void **state)
{
	static const char *const head[] = { "A", "B" };
	static const char *const r1[] = { "long value", NULL };
	struct sf_table *t = sf_table_new(2, head);
	char *out = NULL;

	sf_table_add(t, r1);
	CAPTURE(out, sf_table_print(t, fp, 0));
	assert_string_equal(out, "A           B\nlong value\n");
	free(out);
	sf_table_free(t);
}

static void
test_csv(void **state)
{
	static const char *const row[] = { "plain", "a,b", "say \"hi\"",
		"two\nlines", NULL, "宁波" };
	char *out = NULL;

	CAPTURE(out, sf_csv_row(fp, row, 6));
	assert_string_equal(out, "plain,\"a,b\",\"say \"\"hi\"\"\","
	    "\"two\nlines\",,宁波\r\n");
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_table_aligns_cjk),
		cmocka_unit_test(test_table_no_trailing_blanks),
		cmocka_unit_test(test_csv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
