/* Unit tests: lib/screen.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "issue.h"
#include "screen.h"
#include "similar.h"

static struct sf_config *cfg;

static int
setup(void **state)
{
	return sf_config_parse("config.yaml", sf_default_config_yaml,
	    strlen(sf_default_config_yaml), &cfg);
}

static int
teardown(void **state)
{
	sf_config_free(cfg);
	return 0;
}

static struct sf_issue *
good_issue(void)
{
	struct sf_issue *is = sf_issue_new();

	is->id = "20241008-k3f9qa";
	is->title = "宁波舟山港梅山港区某集装箱码头工程用海审批";
	is->subject = SF_SUBJ_SOE;
	is->city = SF_CITY_NINGBO;
	is->program = SF_PROG_MAJOR_1 + 4;
	is->topic = SF_TOPIC_APPROVAL;
	is->jurisdiction = SF_LEVEL_NATIONAL;
	is->tried = 1u << SF_LEVEL_COUNTY | 1u << SF_LEVEL_CITY;
	is->source = SF_SRC_UNIT;
	is->material[SF_MAT_BACKGROUND] = "项目总投资约68亿元。";
	is->material[SF_MAT_PROBLEM] = "项目用海需报国务院审批，进度滞后。";
	is->material[SF_MAT_PRIOR] = "已召开三次专题协调会。";
	is->material[SF_MAT_REQUEST] = "请省自然资源厅加快报部审查。";
	is->status = SF_ST_SUBMITTED;
	return is;
}

static void
run(const struct sf_simindex *x, const struct sf_issue *is,
    const struct sf_screen_opts *o, struct sf_screen_result *r)
{
	memset(r, 0, sizeof(*r));
	sf_buf_init(&r->explain);
	sf_screen_issue(cfg, x, is, o, r);
}

static void
test_accept_with_no_priority(void **state)
{
	struct sf_screen_opts o = { 0 };
	struct sf_screen_result r;
	struct sf_issue *is = good_issue();

	run(NULL, is, &o, &r);
	assert_int_equal(r.outcome, SF_SCREEN_ACCEPT);
	assert_int_equal(r.exclusions, 0);
	assert_int_equal(r.score, 0);
	assert_string_equal(r.explain.buf, "accepted, score 0\n");
	sf_buf_release(&r.explain);
	sf_issue_free(is);
}

static void
test_each_priority_weight(void **state)
{
	struct sf_screen_opts o = { .typical = 1 };
	struct sf_screen_result r;
	struct sf_issue *is = good_issue();

	is->source = SF_SRC_INSPECTION;
	is->program = SF_PROG_MAJOR_1;
	is->flags = 1u << SF_FLAG_CROSS_REGION;
	run(NULL, is, &o, &r);
	assert_int_equal(r.outcome, SF_SCREEN_ACCEPT);
	assert_int_equal(r.priorities, 1u << SF_PRI_INSPECTION |
	    1u << SF_PRI_QIANXIANG_WANYI | 1u << SF_PRI_CROSS |
	    1u << SF_PRI_TYPICAL);
	assert_int_equal(r.score, cfg->weights[SF_PRI_INSPECTION] +
	    cfg->weights[SF_PRI_QIANXIANG_WANYI] + cfg->weights[SF_PRI_CROSS] +
	    cfg->weights[SF_PRI_TYPICAL]);
	assert_int_equal(r.score, 4 + 3 + 2 + 1);
	assert_non_null(strstr(r.explain.buf, "priority typical (典型性问题, "
	    "+1): screener's finding\n"));
	sf_screen_apply(is, &r, "2024-10-09", "tf-drc", NULL);
	assert_int_equal(is->status, SF_ST_ACCEPTED);
	assert_true(is->flags & (1u << SF_FLAG_TYPICAL));
	assert_int_equal(is->screening->score, 10);
	assert_string_equal(is->screening->by, "tf-drc");
	sf_buf_release(&r.explain);
	sf_issue_free(is);
}

static void
test_local_and_721(void **state)
{
	struct sf_screen_opts o = { 0 };
	struct sf_screen_result r;
	struct sf_issue *is = good_issue();

	is->jurisdiction = SF_LEVEL_CITY;
	is->tried = 1u << SF_LEVEL_COUNTY;
	run(NULL, is, &o, &r);
	assert_int_equal(r.outcome, SF_SCREEN_REJECT);
	assert_int_equal(r.exclusions, 1u << SF_EX_LOCAL | 1u << SF_EX_NOT_721);
	assert_non_null(strstr(r.explain.buf, "jurisdiction is city"));
	assert_non_null(strstr(r.explain.buf, "tried is [county], the rules "
	    "require [county, city]"));
	sf_screen_apply(is, &r, "2024-10-09", "tf-drc", "退回县市协调");
	assert_int_equal(is->status, SF_ST_REJECTED);
	assert_string_equal(is->screening->note, "退回县市协调");
	sf_buf_release(&r.explain);
	sf_issue_free(is);
}

static void
test_missing_material_returns(void **state)
{
	struct sf_screen_opts o = { .exclude = 1u << SF_EX_MARKET,
		.note = "x" };
	struct sf_screen_result r;
	struct sf_issue *is = good_issue();

	is->material[SF_MAT_PRIOR] = "  \n";
	is->material[SF_MAT_REQUEST] = NULL;
	run(NULL, is, &o, &r);
	assert_int_equal(r.outcome, SF_SCREEN_RETURN);
	assert_int_equal(r.missing, 1u << SF_MAT_PRIOR | 1u << SF_MAT_REQUEST);
	assert_int_equal(r.exclusions, 0);
	sf_screen_apply(is, &r, "2024-10-09", "tf-drc", NULL);
	assert_int_equal(is->status, SF_ST_SUBMITTED);
	assert_int_equal(is->screening->missing, r.missing);
	sf_buf_release(&r.explain);
	sf_issue_free(is);
}

static void
test_duplicate_and_overrule(void **state)
{
	struct sf_screen_opts o = { 0 };
	struct sf_screen_result r;
	struct sf_issue *is = good_issue();
	struct sf_simindex *x = sf_simindex_new(cfg->similarity);
	struct sf_buf text = SF_BUF_INIT;

	sf_screen_text(is, &text);
	sf_simindex_add(x, "20240901-aaaaaa", text.buf);
	sf_simindex_add(x, "20240902-bbbbbb", "杭州算力中心能耗指标");
	sf_simindex_build(x);
	run(x, is, &o, &r);
	assert_int_equal(r.outcome, SF_SCREEN_REJECT);
	assert_int_equal(r.exclusions, 1u << SF_EX_DUPLICATE);
	assert_int_equal(r.nsimilar, 1);
	assert_string_equal(r.similar[0].id, "20240901-aaaaaa");
	sf_buf_release(&r.explain);
	o.not_duplicate = 1;
	o.note = "二期工程";
	run(x, is, &o, &r);
	assert_int_equal(r.outcome, SF_SCREEN_ACCEPT);
	assert_int_equal(r.nsimilar, 1);
	assert_non_null(strstr(r.explain.buf, "overruled duplicate"));
	sf_screen_apply(is, &r, "2024-10-09", "tf-drc", o.note);
	assert_int_equal(is->screening->nsimilar, 1);
	assert_string_equal(is->screening->similar[0].id, "20240901-aaaaaa");
	sf_buf_release(&r.explain);
	sf_buf_release(&text);
	sf_simindex_free(x);
	sf_issue_free(is);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accept_with_no_priority),
		cmocka_unit_test(test_each_priority_weight),
		cmocka_unit_test(test_local_and_721),
		cmocka_unit_test(test_missing_material_returns),
		cmocka_unit_test(test_duplicate_and_overrule),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
