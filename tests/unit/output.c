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

/* A cell shows nothing a terminal acts on, nor a mark that reorders the
 * row: escaped, and counted in the width as shown. */
static void
test_table_escapes(void **state)
{
	static const char *const head[] = { "ID", "TITLE", "N" };
	static const char *const r1[] = { "a", "宁波\xe2\x80\xae港", "1" };
	static const char *const r2[] = { "b", "\x1b[2J\xc2\x9b" "1m", "2" };
	static const char *const r3[] = { "c", "C:\\dir\r", "3" };
	struct sf_table *t = sf_table_new(3, head);
	char *out = NULL;

	sf_table_add(t, r1);
	sf_table_add(t, r2);
	sf_table_add(t, r3);
	CAPTURE(out, sf_table_print(t, fp, 0));
	assert_string_equal(out,
	    "ID  TITLE          N\n"
	    "a   宁波\\u202e港   1\n"
	    "b   \\e[2J\\u009b1m  2\n"
	    "c   C:\\dir         3\n");
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

/* Every prefix sf_display_fit keeps ends on a character boundary and fits
 * with room for the ellipsis; wide characters are never split. */
static void
test_fit_never_splits(void **state)
{
	static const char *const texts[] = { "宁波舟山港", "a宁b波c",
		"〔2024〕10号", "“千项万亿”工程", "é́x", "ab\xff" "cd" };
	size_t i, width, n, cols;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		for (width = 1; width <= 12; width++) {
			const char *s = texts[i];

			n = sf_display_fit(s, width, &cols);
			assert_true(n <= strlen(s));
			/* not in the middle of a UTF-8 sequence */
			assert_true(n == strlen(s) ||
			    ((unsigned char)s[n] & 0xc0) != 0x80);
			if (n < strlen(s))
				assert_true(cols + 1 <= width);
			else
				assert_true(cols <= width);
		}
	/* 5 columns: 宁波 (4) and the ellipsis; 宁波舟 would take 7 */
	assert_int_equal(sf_display_fit("宁波舟山港", 5, &cols), 6);
	assert_int_equal(cols, 4);
	/* 4 columns: 宁 (2), since 宁波 and … would take 5 */
	assert_int_equal(sf_display_fit("宁波舟山港", 4, &cols), 3);
	assert_int_equal(cols, 2);
	assert_int_equal(sf_display_fit("a宁b", 3, &cols), 1);
	assert_int_equal(cols, 1);
	/* fits whole: no room kept */
	assert_int_equal(sf_display_fit("宁波", 4, &cols), 6);
}

/* A cut table: every line at most the width asked, ending in … where text
 * was left out, wide characters whole. */
static void
test_table_truncates_by_width(void **state)
{
	static const char *const head[] = { "ID", "TITLE" };
	static const char *const r1[] = { "a", "宁波舟山港梅山港区" };
	static const char *const r2[] = { "bb", "ok" };
	struct sf_table *t = sf_table_new(2, head);
	char *out = NULL;

	sf_table_add(t, r1);
	sf_table_add(t, r2);
	CAPTURE(out, sf_table_print(t, fp, 11));
	/* TITLE gets 11 - 2 - 2 = 7 columns: 宁波舟 (6) + … */
	assert_string_equal(out,
	    "ID  TITLE\n"
	    "a   宁波舟…\n"
	    "bb  ok\n");
	free(out);
	CAPTURE(out, sf_table_print(t, fp, 10));
	/* 6 columns: 宁波 (4) + …, as 宁波舟 + … would take 7 */
	assert_string_equal(out,
	    "ID  TITLE\n"
	    "a   宁波…\n"
	    "bb  ok\n");
	free(out);
	CAPTURE(out, sf_table_print(t, fp, 0));
	assert_string_equal(out,
	    "ID  TITLE\n"
	    "a   宁波舟山港梅山港区\n"
	    "bb  ok\n");
	free(out);
	sf_table_free(t);
}

/* Colour goes around the text, not the padding, and counts no width. */
static void
test_table_color(void **state)
{
	static const char *const head[] = { "ID", "STATUS", "CITY" };
	static const char *const r1[] = { "1", "closed", "宁波舟山" };
	static const char *const r2[] = { "2", "submitted", "x" };
	struct sf_table *t = sf_table_new(3, head);
	char *out = NULL;

	sf_table_add(t, r1);
	sf_table_color(t, 1, sf_color_status("closed"));
	sf_table_add(t, r2);
	sf_table_color(t, 1, sf_color_status("submitted"));
	sf_table_color(t, 2, NULL);
	CAPTURE(out, sf_table_print(t, fp, 0));
	assert_string_equal(out,
	    "ID  STATUS     CITY\n"
	    "1   \033[32mclosed\033[m     宁波舟山\n"
	    "2   \033[33msubmitted\033[m  x\n");
	free(out);
	/* 17 columns leave CITY the least it gets, 4 */
	CAPTURE(out, sf_table_print(t, fp, 17));
	assert_string_equal(out,
	    "ID  STATUS     CITY\n"
	    "1   \033[32mclosed\033[m     宁…\n"
	    "2   \033[33msubmitted\033[m  x\n");
	free(out);
	sf_table_free(t);
	assert_null(sf_color_status("no-such-status"));
	assert_null(sf_color_status(NULL));
	assert_non_null(sf_color_status("escalated"));
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
		cmocka_unit_test(test_table_escapes),
		cmocka_unit_test(test_table_no_trailing_blanks),
		cmocka_unit_test(test_fit_never_splits),
		cmocka_unit_test(test_table_truncates_by_width),
		cmocka_unit_test(test_table_color),
		cmocka_unit_test(test_csv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
