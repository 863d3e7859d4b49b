/* Unit tests: lib/enums.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "enums.h"
#include "error.h"

static void
test_lookup_tokens_and_chinese(void **state)
{
	assert_int_equal(sf_enum_lookup(&sf_enum_subject, "soe"), SF_SUBJ_SOE);
	assert_int_equal(sf_enum_lookup(&sf_enum_subject, "国企"), SF_SUBJ_SOE);
	assert_int_equal(sf_enum_lookup(&sf_enum_subject, "民企"),
	    SF_SUBJ_PRIVATE);
	assert_int_equal(sf_enum_lookup(&sf_enum_subject, " PRIVATE "),
	    SF_SUBJ_PRIVATE);
	assert_int_equal(sf_enum_lookup(&sf_enum_topic, "要素保障"),
	    SF_TOPIC_FACTORS);
	assert_int_equal(sf_enum_lookup(&sf_enum_city, "杭州"),
	    SF_CITY_HANGZHOU);
	assert_int_equal(sf_enum_lookup(&sf_enum_city, "丽水市"),
	    SF_CITY_LISHUI);
	assert_int_equal(sf_enum_lookup(&sf_enum_program, "qianxiang-wanyi"),
	    SF_PROG_MAJOR_1);
	assert_int_equal(sf_enum_lookup(&sf_enum_program, "千项万亿"),
	    SF_PROG_MAJOR_1);
	assert_int_equal(sf_enum_lookup(&sf_enum_program, "major-10"),
	    SF_PROG_MAJOR_10);
	assert_int_equal(sf_enum_lookup(&sf_enum_reason, "已解决"),
	    SF_RS_RESOLVED);
	assert_int_equal(sf_enum_lookup(&sf_enum_meeting_kind, "月度"),
	    SF_MK_MONTHLY);
	assert_int_equal(sf_enum_lookup(&sf_enum_subject, "国"), -1);
	assert_int_equal(sf_enum_lookup(&sf_enum_subject, ""), -1);
	assert_int_equal(sf_enum_lookup(&sf_enum_subject, NULL), -1);
	assert_int_equal(sf_enum_lookup(&sf_enum_subject, "so"), -1);
}

static void
test_city_order_is_zhejiangs(void **state)
{
	static const char *const order[] = { "hangzhou", "ningbo", "wenzhou",
		"huzhou", "jiaxing", "shaoxing", "jinhua", "quzhou",
		"zhoushan", "taizhou", "lishui" };
	int i;

	assert_int_equal(sf_enum_city.n, SF_CITY_COUNT);
	for (i = 0; i < SF_CITY_COUNT; i++)
		assert_string_equal(sf_enum_token(&sf_enum_city, i), order[i]);
	assert_int_equal(sf_enum_program.n, 14);
	assert_int_equal(sf_enum_status.n, 8);
	assert_null(sf_enum_token(&sf_enum_city, -1));
	assert_null(sf_enum_token(&sf_enum_city, SF_CITY_COUNT));
}

static void
test_no_alias_is_ambiguous(void **state)
{
	const struct sf_enum *all[] = { &sf_enum_subject, &sf_enum_city,
		&sf_enum_program, &sf_enum_topic, &sf_enum_level,
		&sf_enum_source, &sf_enum_flag, &sf_enum_material,
		&sf_enum_status, &sf_enum_reason, &sf_enum_task_status,
		&sf_enum_escalate_to, &sf_enum_meeting_kind,
		&sf_enum_meeting_status, &sf_enum_exclusion,
		&sf_enum_priority, &sf_enum_role, &sf_enum_unit_kind };
	size_t k;
	int i;

	/* every name of every value leads back to that value */
	for (k = 0; k < sizeof(all) / sizeof(all[0]); k++)
		for (i = 0; i < all[k]->n; i++) {
			assert_int_equal(sf_enum_lookup(all[k],
			    all[k]->v[i].token), i);
			assert_int_equal(sf_enum_lookup(all[k],
			    all[k]->v[i].zh), i);
		}
}

static void
test_parse_list(void **state)
{
	unsigned mask = 0;

	assert_int_equal(sf_enum_parse_list(&sf_enum_level, "tried",
	    "county,city", &mask), 0);
	assert_int_equal(mask, 1u << SF_LEVEL_COUNTY | 1u << SF_LEVEL_CITY);
	mask = 0;
	assert_int_equal(sf_enum_parse_list(&sf_enum_level, "tried",
	    "县级，市级", &mask), 0);
	assert_int_equal(mask, 1u << SF_LEVEL_COUNTY | 1u << SF_LEVEL_CITY);
	assert_int_equal(sf_enum_parse_list(&sf_enum_level, "--tried",
	    "county,moon", &mask), SF_EINVALID);
	assert_string_equal(sf_error_message(), "--tried: unknown value "
	    "'moon' (expected county, city, province, national)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup_tokens_and_chinese),
		cmocka_unit_test(test_city_order_is_zhejiangs),
		cmocka_unit_test(test_no_alias_is_ambiguous),
		cmocka_unit_test(test_parse_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
