/* Unit tests: lib/units.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"
#include "enums.h"
#include "units.h"

static void
test_defaults(void **state)
{
	static const char *const cities[] = { "hangzhou", "ningbo", "wenzhou",
		"huzhou", "jiaxing", "shaoxing", "jinhua", "quzhou",
		"zhoushan", "taizhou", "lishui" };
	struct sf_units *u;
	const struct sf_unit *x;
	size_t i;

	assert_int_equal(sf_units_parse("units.yaml", sf_default_units_yaml,
	    strlen(sf_default_units_yaml), &u), 0);
	for (i = 0; i < 11; i++) {
		assert_string_equal(u->v[i].id, cities[i]);
		assert_int_equal(u->v[i].kind, SF_UK_CITY);
		assert_int_equal(u->v[i].city, (int)i);
	}
	assert_string_equal(sf_units_find(u, "杭州")->id, "hangzhou");
	assert_string_equal(sf_units_find(u, "杭州市")->id, "hangzhou");
	assert_string_equal(sf_units_find(u, "杭州市人民政府")->id, "hangzhou");
	assert_string_equal(sf_units_find(u, " HANGZHOU ")->id, "hangzhou");
	assert_string_equal(sf_units_find(u, "大发改专班")->id, "tf-drc");
	assert_string_equal(sf_units_find(u, "省自然资源厅")->id, "dept-nr");
	assert_string_equal(sf_units_find(u, "省发改委")->id, "dept-drc");
	assert_string_equal(sf_units_find(u, "省国资委")->id, "dept-sasac");
	assert_null(sf_units_find(u, "上海"));
	assert_null(sf_units_find(u, ""));
	x = sf_units_find(u, "tf-office");
	for (i = 0; i < 5; i++)
		assert_true(sf_unit_has_role(x, (int)i));
	assert_false(sf_unit_has_role(sf_units_find(u, "ningbo"),
	    SF_ROLE_SCREEN));
	assert_string_equal(sf_units_city(u, SF_CITY_LISHUI)->id, "lishui");
	assert_int_equal(sf_units_resolve(u, "上海", &x), SF_EINVALID);
	assert_string_equal(sf_error_message(), "unknown unit '上海'");
	sf_units_free(u);
}

static void
bad(const char *text, const char *want)
{
	struct sf_units *u = NULL;

	assert_int_equal(sf_units_parse("units.yaml", text, strlen(text), &u),
	    SF_EINVALID);
	assert_null(u);
	if (strncmp(sf_error_message(), want, strlen(want)) != 0)
		fail_msg("got:  %s\nwant: %s", sf_error_message(), want);
}

static void
test_findings(void **state)
{
	bad("units:\n- {id: a, name: A, kind: other, colour: red}\n",
	    "units.yaml:2:33: units[1]: unknown key 'colour'");
	bad("units:\n- {id: a, name: A, kind: other}\n"
	    "- {id: a, name: B, kind: other}\n",
	    "units.yaml:3:3: units[2]: 'a' also names units[1]");
	bad("units:\n- {id: a, name: A, kind: other, roles: [rule]}\n",
	    "units.yaml:2:41: units[1].roles[1]: unknown role 'rule'");
	bad("units:\n- {id: x, name: X, kind: city}\n",
	    "units.yaml:2:3: units[1].city: required for a unit of kind city");
	bad("units:\n- {id: Bad_Id, name: X, kind: other}\n",
	    "units.yaml:2:8: units[1].id: 'Bad_Id' is not an id");
	bad("units:\n- {id: a, kind: other}\n",
	    "units.yaml:2:3: units[1].name: required");
	bad("colour: red\n", "units.yaml:1:1: unknown key 'colour'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_findings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
