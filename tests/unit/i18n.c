/* Unit tests: lib/i18n.c, and the message sinks of lib/error.c through it */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "error.h"
#include "i18n.h"

/* Before sf_i18n_init the C locale holds: msgids come back as they are. */
static void
test_untranslated_before_init(void **state)
{
	static const char msg[] = "unknown error";

	assert_ptr_equal(sf_gettext(msg), msg);
	assert_string_equal(sf_gettext(""), "");
	assert_null(sf_gettext(NULL));
	sf_error(SF_EINVALID, "invalid date '%s'", "x");
	assert_string_equal(sf_error_message(), "invalid date 'x'");
}

/*
 * LANG names zh_CN.UTF-8, whether or not that locale is generated: the
 * messages come from the build tree's catalog, and numbers, collation and
 * dates stay as in C.
 */
static void
test_init_zh(void **state)
{
	const char *build = getenv("SANFEN_BUILD");
	struct sf_buf dir = SF_BUF_INIT;
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_loc loc = { .file = "issues/x.yaml", .line = 3, .col = 7,
		.field = "due" };
	char num[32], *s;

	sf_buf_addf(&dir, "%s/locale", build ? build : ".");
	setenv("SANFEN_LOCALEDIR", dir.buf, 1);
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANGUAGE");
	setenv("LANG", "zh_CN.UTF-8", 1);
	sf_i18n_init();
	sf_i18n_init();

	assert_string_equal(sf_gettext("unknown error"), "未知错误");
	assert_string_equal(sf_gettext(""), "");
	sf_error(SF_EINVALID, "invalid date '%s'", "2024-13-01");
	assert_string_equal(sf_error_message(), "日期“2024-13-01”无效");
	/* a format that carries no words is not in the catalog */
	sf_error(SF_EINVALID, "%s", "as given");
	assert_string_equal(sf_error_message(), "as given");
	sf_error_prefix("cannot fetch from %s", "origin");
	assert_string_equal(sf_error_message(), "无法从 origin 获取: as given");
	/* the location and the key stay as they are */
	sf_diag_add(&d, &loc, "must be one line");
	s = sf_diag_string(&d.v[0]);
	assert_string_equal(s, "issues/x.yaml:3:7: due: 只能为一行");
	free(s);
	sf_diags_clear(&d);

	assert_string_equal(setlocale(LC_NUMERIC, NULL), "C");
	assert_string_equal(setlocale(LC_COLLATE, NULL), "C");
	assert_string_equal(setlocale(LC_TIME, NULL), "C");
	snprintf(num, sizeof(num), "%.2f %g", 0.75, 1.5);
	assert_string_equal(num, "0.75 1.5");
	assert_true(strtod("0.5", NULL) == 0.5);
	sf_buf_release(&dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_untranslated_before_init),
		cmocka_unit_test(test_init_zh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
