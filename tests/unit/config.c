/* Unit tests: lib/config.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "error.h"

static void
test_defaults(void **state)
{
	struct sf_config *c, *e;

	assert_int_equal(sf_config_parse("c", sf_default_config_yaml,
	    strlen(sf_default_config_yaml), &c), 0);
	assert_int_equal(sf_config_parse("c", "", 0, &e), 0);
	assert_string_equal(c->rules, "2024-09");
	assert_string_equal(c->effective, "2024-09-10");
	assert_int_equal(c->tried_required, 1u << SF_LEVEL_COUNTY |
	    1u << SF_LEVEL_CITY);
	assert_true(c->similarity > 0.59 && c->similarity < 0.61);
	assert_int_equal(c->weights[SF_PRI_LEADER], 5);
	assert_int_equal(c->weights[SF_PRI_TYPICAL], 1);
	assert_int_equal(c->agenda_size[SF_MK_MONTHLY], 8);
	assert_string_equal(c->convener[SF_MK_ANNUAL], "常务副省长");
	assert_int_equal(c->share_721[SF_LEVEL_COUNTY], 70);
	assert_int_equal(c->closure_reasons, 0x1f);
	assert_int_equal(c->doc_nissuers, 2);
	assert_string_equal(c->doc_issuers[1], "tf-drc");
	assert_string_equal(c->doc_number_format, "〔{year}〕{n}号");
	assert_true(c->fsync);
	/* an empty file means every default: the same values */
	assert_int_equal(memcmp(c->weights, e->weights, sizeof(c->weights)),
	    0);
	assert_int_equal(e->agenda_size[SF_MK_SPECIAL], 5);
	assert_string_equal(e->convener[SF_MK_MONTHLY],
	    c->convener[SF_MK_MONTHLY]);
	sf_config_free(c);
	sf_config_free(e);
}

static void
test_overrides(void **state)
{
	static const char text[] =
	    "screening:\n  tried_required: [county]\n"
	    "  weights:\n    typical: 4\n"
	    "agenda:\n  size:\n    monthly: 10\n"
	    "closure_reasons: [resolved, infeasible]\n"
	    "storage:\n  fsync: false\n";
	struct sf_config *c;

	assert_int_equal(sf_config_parse("c", text, strlen(text), &c), 0);
	assert_int_equal(c->tried_required, 1u << SF_LEVEL_COUNTY);
	assert_int_equal(c->weights[SF_PRI_TYPICAL], 4);
	assert_int_equal(c->weights[SF_PRI_LEADER], 5);
	assert_int_equal(c->agenda_size[SF_MK_MONTHLY], 10);
	assert_int_equal(c->closure_reasons, 1u << SF_RS_RESOLVED |
	    1u << SF_RS_INFEASIBLE);
	assert_false(c->fsync);
	sf_config_free(c);
}

static void
bad(const char *text, const char *want)
{
	struct sf_config *c = NULL;

	assert_int_equal(sf_config_parse(".sanfen/config.yaml", text,
	    strlen(text), &c), SF_EINVALID);
	assert_null(c);
	if (strcmp(sf_error_message(), want) != 0)
		fail_msg("got:  %s\nwant: %s", sf_error_message(), want);
}

static void
test_findings(void **state)
{
	bad("screening:\n  similarity_threshold: 2\n",
	    ".sanfen/config.yaml:2:25: screening.similarity_threshold: must be "
	    "a number between 0 and 1");
	bad("screening:\n  weights:\n    money: 3\n",
	    ".sanfen/config.yaml:3:5: screening.weights: unknown key 'money'");
	bad("agenda:\n  size:\n    monthly: many\n",
	    ".sanfen/config.yaml:3:14: agenda.size.monthly: must be a whole "
	    "number from 0 to 100");
	bad("colour: red\n", ".sanfen/config.yaml:1:1: unknown key 'colour'");
	bad("closure_reasons: [resolved, forgotten]\n",
	    ".sanfen/config.yaml:1:29: closure_reasons[2]: unknown reason "
	    "'forgotten' (expected resolved, national, regulation, reality, "
	    "infeasible)");
	bad("storage: {fsync: maybe}\n", ".sanfen/config.yaml:1:18: "
	    "storage.fsync: must be true or false");
	bad("document:\n  number_format: 第几期\n",
	    ".sanfen/config.yaml:2:18: document.number_format: must contain "
	    "{n}");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_findings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
