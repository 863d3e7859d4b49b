/* Unit tests: lib/config.c */
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
#include "buf.h"
#include "config.h"
#include "error.h"
#include "yamlio.h"

#define F ".sanfen/config.yaml"

static struct sf_config *
parse(const char *text)
{
	struct sf_config *c = NULL;

	if (sf_config_parse(F, text, strlen(text), &c) < 0)
		fail_msg("%s", sf_error_message());
	assert_non_null(c);
	return c;
}

static void
assert_same_string(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* Every setting of a equals b's. */
static void
assert_same(const struct sf_config *a, const struct sf_config *b)
{
	size_t i;
	int k;

	assert_same_string(a->rules, b->rules);
	assert_same_string(a->effective, b->effective);
	assert_int_equal(a->tried_required, b->tried_required);
	assert_int_equal(a->local_levels, b->local_levels);
	assert_true(a->similarity == b->similarity);
	assert_memory_equal(a->weights, b->weights, sizeof(a->weights));
	assert_memory_equal(a->share_721, b->share_721, sizeof(a->share_721));
	assert_memory_equal(a->agenda_size, b->agenda_size,
	    sizeof(a->agenda_size));
	for (k = 0; k < SF_MK_COUNT; k++)
		assert_same_string(a->convener[k], b->convener[k]);
	assert_int_equal(a->quota_soe, b->quota_soe);
	assert_int_equal(a->quota_private, b->quota_private);
	assert_int_equal(a->quota_city, b->quota_city);
	assert_int_equal(a->closure_reasons, b->closure_reasons);
	assert_same_string(a->doc_title, b->doc_title);
	assert_int_equal(a->doc_nissuers, b->doc_nissuers);
	for (i = 0; i < a->doc_nissuers; i++)
		assert_string_equal(a->doc_issuers[i], b->doc_issuers[i]);
	assert_same_string(a->doc_number_format, b->doc_number_format);
	assert_same_string(a->doc_copy_to, b->doc_copy_to);
	assert_int_equal(a->deduct_missed_discovery,
	    b->deduct_missed_discovery);
	assert_int_equal(a->deduct_missed_submission,
	    b->deduct_missed_submission);
	assert_int_equal(a->deduct_missed_task, b->deduct_missed_task);
	assert_int_equal(a->fsync, b->fsync);
	assert_int_equal(a->require_signed, b->require_signed);
	assert_same_string(a->allowed_signers, b->allowed_signers);
}

static void
test_defaults(void **state)
{
	struct sf_config *c = parse(sf_default_config_yaml);
	struct sf_config *e = parse("");
	struct sf_config *m = parse("{}\n");

	assert_string_equal(c->rules, "2024-09");
	assert_string_equal(c->effective, "2024-09-10");
	assert_int_equal(c->tried_required, 1u << SF_LEVEL_COUNTY |
	    1u << SF_LEVEL_CITY);
	assert_int_equal(c->local_levels, 1u << SF_LEVEL_COUNTY |
	    1u << SF_LEVEL_CITY);
	assert_true(c->similarity == 0.6);
	assert_int_equal(c->weights[SF_PRI_LEADER], 5);
	assert_int_equal(c->weights[SF_PRI_INSPECTION], 4);
	assert_int_equal(c->weights[SF_PRI_QIANXIANG_WANYI], 3);
	assert_int_equal(c->weights[SF_PRI_CROSS], 2);
	assert_int_equal(c->weights[SF_PRI_TYPICAL], 1);
	assert_int_equal(c->share_721[SF_LEVEL_COUNTY], 70);
	assert_int_equal(c->share_721[SF_LEVEL_CITY], 20);
	assert_int_equal(c->share_721[SF_LEVEL_PROVINCE], 10);
	assert_int_equal(c->share_721[SF_LEVEL_NATIONAL], 0);
	assert_int_equal(c->agenda_size[SF_MK_MONTHLY], 8);
	assert_int_equal(c->agenda_size[SF_MK_SEMIANNUAL], 12);
	assert_int_equal(c->agenda_size[SF_MK_ANNUAL], 15);
	assert_int_equal(c->agenda_size[SF_MK_SPECIAL], 5);
	assert_int_equal(c->quota_soe, 1);
	assert_int_equal(c->quota_private, 1);
	assert_int_equal(c->quota_city, 1);
	assert_string_equal(c->convener[SF_MK_MONTHLY], "省政府分管副秘书长");
	assert_string_equal(c->convener[SF_MK_SEMIANNUAL], "常务副省长");
	assert_string_equal(c->convener[SF_MK_ANNUAL], "常务副省长");
	assert_string_equal(c->convener[SF_MK_SPECIAL], "省政府分管副秘书长");
	assert_int_equal(c->closure_reasons, 0x1f);
	assert_string_equal(c->doc_title, "全省“三分”机制例会纪要");
	assert_int_equal(c->doc_nissuers, 2);
	assert_string_equal(c->doc_issuers[0], "tf-office");
	assert_string_equal(c->doc_issuers[1], "tf-drc");
	assert_string_equal(c->doc_number_format, "〔{year}〕{n}号");
	assert_string_equal(c->doc_copy_to,
	    "省委办公厅，省人大常委会办公厅，省政府办公厅，省政协办公厅");
	assert_int_equal(c->deduct_missed_discovery, 2);
	assert_int_equal(c->deduct_missed_submission, 2);
	assert_int_equal(c->deduct_missed_task, 1);
	assert_int_equal(c->fsync, 1);
	assert_int_equal(c->require_signed, 0);
	assert_string_equal(c->allowed_signers, ".sanfen/allowed_signers");
	/* the file sanfen-init writes says what the C defaults are */
	assert_same(c, e);
	assert_same(c, m);
	sf_config_free(c);
	sf_config_free(e);
	sf_config_free(m);
}

static void
test_omitted(void **state)
{
	static const char text[] =
	    "screening:\n  weights:\n    typical: 4\n"
	    "agenda:\n  size:\n    monthly: 10\n"
	    "document:\n  copy_to: ''\n";
	struct sf_config *c = parse(text), *d = parse("");

	assert_int_equal(c->weights[SF_PRI_TYPICAL], 4);
	assert_int_equal(c->agenda_size[SF_MK_MONTHLY], 10);
	assert_null(c->doc_copy_to);
	/* everything else as the defaults */
	c->weights[SF_PRI_TYPICAL] = d->weights[SF_PRI_TYPICAL];
	c->agenda_size[SF_MK_MONTHLY] = d->agenda_size[SF_MK_MONTHLY];
	c->doc_copy_to = d->doc_copy_to;
	assert_same(c, d);
	sf_config_free(c);
	sf_config_free(d);
}

static void
test_overrides(void **state)
{
	static const char text[] =
	    "rules: 2025-test\n"
	    "effective: '2025-01-01'\n"
	    "screening:\n"
	    "  tried_required: [county]\n"
	    "  local_levels: [县级, 市级, province]\n"
	    "  similarity_threshold: .75\n"
	    "  weights: {leader: 10, inspection: 0, qianxiang-wanyi: 1000, "
	    "cross: 7, typical: 6}\n"
	    "levels_721: {county: 60, city: 25, province: 10, national: 5}\n"
	    "agenda:\n"
	    "  size: {monthly: 1, semiannual: 100, annual: 20, special: 3}\n"
	    "  quota: {soe: 2, private: 0, city: 3}\n"
	    "  conveners: {monthly: 省政府秘书长, special: 常务副省长}\n"
	    "closure_reasons: [resolved, 难以解决]\n"
	    "document:\n"
	    "  title: 某某例会纪要\n"
	    "  issuers: [tf-drc]\n"
	    "  number_format: 第{n}期\n"
	    "  copy_to: 省政府办公厅\n"
	    "score: {missed_discovery: 0, missed_submission: 100, "
	    "missed_task: 3}\n"
	    "storage:\n  fsync: false\n";
	struct sf_config *c = parse(text);

	assert_string_equal(c->rules, "2025-test");
	assert_string_equal(c->effective, "2025-01-01");
	assert_int_equal(c->tried_required, 1u << SF_LEVEL_COUNTY);
	assert_int_equal(c->local_levels, 0x7);
	assert_true(c->similarity == 0.75);
	assert_int_equal(c->weights[SF_PRI_LEADER], 10);
	assert_int_equal(c->weights[SF_PRI_INSPECTION], 0);
	assert_int_equal(c->weights[SF_PRI_QIANXIANG_WANYI], 1000);
	assert_int_equal(c->weights[SF_PRI_CROSS], 7);
	assert_int_equal(c->weights[SF_PRI_TYPICAL], 6);
	assert_int_equal(c->share_721[SF_LEVEL_COUNTY], 60);
	assert_int_equal(c->share_721[SF_LEVEL_NATIONAL], 5);
	assert_int_equal(c->agenda_size[SF_MK_MONTHLY], 1);
	assert_int_equal(c->agenda_size[SF_MK_SEMIANNUAL], 100);
	assert_int_equal(c->quota_soe, 2);
	assert_int_equal(c->quota_private, 0);
	assert_int_equal(c->quota_city, 3);
	assert_string_equal(c->convener[SF_MK_MONTHLY], "省政府秘书长");
	assert_string_equal(c->convener[SF_MK_SEMIANNUAL], "常务副省长");
	assert_string_equal(c->convener[SF_MK_SPECIAL], "常务副省长");
	assert_int_equal(c->closure_reasons, 1u << SF_RS_RESOLVED |
	    1u << SF_RS_INFEASIBLE);
	assert_string_equal(c->doc_title, "某某例会纪要");
	assert_int_equal(c->doc_nissuers, 1);
	assert_string_equal(c->doc_issuers[0], "tf-drc");
	assert_string_equal(c->doc_number_format, "第{n}期");
	assert_string_equal(c->doc_copy_to, "省政府办公厅");
	assert_int_equal(c->deduct_missed_discovery, 0);
	assert_int_equal(c->deduct_missed_submission, 100);
	assert_int_equal(c->deduct_missed_task, 3);
	assert_int_equal(c->fsync, 0);
	sf_config_free(c);
}

/* sf_config_parse refuses text with exactly this message */
static void
bad(const char *text, const char *want)
{
	struct sf_config *c = (struct sf_config *)&c;

	assert_int_equal(sf_config_parse(F, text, strlen(text), &c),
	    SF_EINVALID);
	assert_null(c);
	if (strcmp(sf_error_message(), want) != 0)
		fail_msg("got:  %s\nwant: %s", sf_error_message(), want);
}

static void
test_refused(void **state)
{
	struct sf_buf b = SF_BUF_INIT;
	const char *p;

	/* the default file with one value changed */
	p = strstr(sf_default_config_yaml, "0.6\n");
	sf_buf_add(&b, sf_default_config_yaml, (size_t)(p -
	    sf_default_config_yaml));
	sf_buf_addstr(&b, "2\n");
	sf_buf_addstr(&b, p + 4);
	bad(b.buf, F ":21:25: screening.similarity_threshold: must be a "
	    "number between 0 and 1");
	sf_buf_release(&b);

	bad("screening:\n  similarity_threshold: 0\n",
	    F ":2:25: screening.similarity_threshold: must be more than 0 (at "
	    "0 every issue is like every other)");
	bad("screening:\n  similarity_threshold: nan\n",
	    F ":2:25: screening.similarity_threshold: must be a number "
	    "between 0 and 1");
	bad("screening:\n  similarity_threshold: 6e-1\n",
	    F ":2:25: screening.similarity_threshold: must be a number "
	    "between 0 and 1");
	bad("screening:\n  similarity_threshold: '0.6'\n",
	    F ":2:25: screening.similarity_threshold: must be a number "
	    "between 0 and 1");
	bad("screening:\n  similarity_threshold: [0.6]\n",
	    F ":2:25: screening.similarity_threshold: expected a number, not "
	    "a list");
	bad("screening:\n  weights:\n    money: 3\n",
	    F ":3:5: screening.weights: unknown key 'money'");
	bad("screening:\n  weights:\n    领导交办: 3\n",
	    F ":3:5: screening.weights: unknown key '领导交办'");
	bad("screening:\n  weights:\n    leader: -1\n",
	    F ":3:13: screening.weights.leader: must be a whole number from 0 "
	    "to 1000");
	bad("screening:\n  weights:\n    leader: '5'\n",
	    F ":3:13: screening.weights.leader: must be a whole number from 0 "
	    "to 1000");
	bad("screening:\n  weights: [5, 4]\n",
	    F ":2:12: screening.weights: expected a mapping of keys to values");
	bad("screening: 5\n",
	    F ":1:12: screening: expected a mapping of keys to values");
	bad("screening:\n  tried_required: county\n",
	    F ":2:19: screening.tried_required: expected a list");
	bad("screening:\n  tried_required: [county, 县级]\n",
	    F ":2:28: screening.tried_required[2]: level 'county' is listed "
	    "twice");
	bad("screening:\n  tried_by: [county]\n",
	    F ":2:3: screening: unknown key 'tried_by'");
	bad("agenda:\n  size:\n    monthly: many\n",
	    F ":3:14: agenda.size.monthly: must be a whole number from 1 to "
	    "100");
	bad("agenda:\n  size:\n    monthly: 0\n",
	    F ":3:14: agenda.size.monthly: must be a whole number from 1 to "
	    "100");
	bad("agenda:\n  quota: {soe: 1, state: 1}\n",
	    F ":2:19: agenda.quota: unknown key 'state'");
	bad("agenda:\n  conveners: {weekly: 某人}\n",
	    F ":2:15: agenda.conveners: unknown key 'weekly'");
	bad("agenda:\n  conveners: {monthly: [某人]}\n",
	    F ":2:24: agenda.conveners.monthly: expected text, not a list");
	bad("levels_721: {county: 80}\n",
	    F ":1:13: levels_721: the shares add up to 110, not 100");
	bad("levels_721: {county: 70, town: 0}\n",
	    F ":1:26: levels_721: unknown key 'town'");
	bad("colour: red\n", F ":1:1: unknown key 'colour'");
	bad("closure_reasons: [resolved, forgotten]\n",
	    F ":1:29: closure_reasons[2]: unknown reason 'forgotten' "
	    "(expected resolved, national, regulation, reality, "
	    "infeasible)");
	bad("closure_reasons: []\n",
	    F ":1:18: closure_reasons: must name at least one reason");
	bad("closure_reasons: resolved\n",
	    F ":1:18: closure_reasons: expected a list");
	bad("storage: {fsync: maybe}\n",
	    F ":1:18: storage.fsync: must be true or false");
	bad("signing: {require: maybe}\n",
	    F ":1:20: signing.require: must be true or false");
	bad("signing: {allowed_signers: /etc/passwd}\n",
	    F ":1:28: signing.allowed_signers: must be a path inside the "
	    "ledger");
	bad("signing: {allowed_signers: a/../../b}\n",
	    F ":1:28: signing.allowed_signers: must be a path inside the "
	    "ledger");
	bad("signing: {sign: true}\n",
	    F ":1:11: signing: unknown key 'sign'");
	bad("storage: {fsync: yes}\n",
	    F ":1:18: storage.fsync: must be true or false");
	bad("document:\n  number_format: 第几期\n",
	    F ":2:18: document.number_format: must contain {n}, and no braces "
	    "but {year} and {n}");
	bad("document:\n  number_format: '{yr}-{n}'\n",
	    F ":2:18: document.number_format: must contain {n}, and no braces "
	    "but {year} and {n}");
	bad("document:\n  title: ''\n",
	    F ":2:10: document.title: must not be empty");
	bad("document:\n  issuers: []\n",
	    F ":2:12: document.issuers: must name at least one unit");
	bad("document:\n  issuers: [大发改专班]\n",
	    F ":2:13: document.issuers[1]: '大发改专班' is not a unit id (the "
	    "ids are in units.yaml)");
	bad("document:\n  issuers: [tf-drc, tf-drc]\n",
	    F ":2:21: document.issuers[2]: 'tf-drc' is listed twice");
	bad("rules: 2024\n",
	    F ":1:8: rules: '2024' is not text: write it in quotes");
	bad("effective: 2024-02-30\n",
	    F ":1:12: effective: invalid date '2024-02-30' (expected "
	    "YYYY-MM-DD)");
	bad("score:\n  missed_task: 101\n",
	    F ":2:16: score.missed_task: must be a whole number from 0 to "
	    "100");
	bad("score:\n  missed: 1\n", F ":2:3: score: unknown key 'missed'");
}

/* Every finding of a text, one per line, as sanfen-check prints them. */
static char *
findings(const char *text)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_buf out = SF_BUF_INIT;
	struct sf_config *c = NULL;
	struct sf_node *root;
	size_t i;

	sf_diags_init(&d);
	if (sf_yaml_load(a, F, text, strlen(text), &sf_yaml_issue_limits, 0,
	    &root) < 0)
		fail_msg("%s", sf_error_message());
	sf_config_from_node(a, F, root, &d, &c);
	for (i = 0; i < d.n; i++) {
		char *s = sf_diag_string(&d.v[i]);

		sf_buf_addf(&out, "%s\n", s);
		free(s);
	}
	sf_diags_clear(&d);
	sf_arena_free(a);	/* c with it */
	return sf_buf_detach(&out, NULL);
}

static void
test_all_findings(void **state)
{
	static const char text[] =
	    "rules:\n"
	    "screening:\n"
	    "  similarity_threshold: 1.5\n"
	    "  weights: {leader: x, money: 1}\n"
	    "agenda:\n"
	    "  size:\n"
	    "document: {issuers: [a, B_c, ~], copy_to: [x]}\n"
	    "score: {}\n"
	    "storage: []\n"
	    "extra: 1\n";
	static const char want[] =
	    F ":10:1: unknown key 'extra'\n"
	    F ":1:7: rules: no value: write one or leave the key out for the "
	    "default\n"
	    F ":3:25: screening.similarity_threshold: must be a number "
	    "between 0 and 1\n"
	    F ":4:21: screening.weights.leader: must be a whole number from 0 "
	    "to 1000\n"
	    F ":4:24: screening.weights: unknown key 'money'\n"
	    F ":6:8: agenda.size: no value: write one or leave the key out "
	    "for the default\n"
	    F ":7:25: document.issuers[2]: 'B_c' is not a unit id (the ids are "
	    "in units.yaml)\n"
	    F ":7:30: document.issuers[3]: empty unit id\n"
	    F ":7:43: document.copy_to: expected text, not a list\n"
	    F ":9:10: storage: expected a mapping of keys to values\n";
	char *got = findings(text);

	if (strcmp(got, want) != 0)
		fail_msg("got:\n%swant:\n%s", got, want);
	free(got);
}

static void
test_load(void **state)
{
	char dir[] = "/tmp/sanfen-config-XXXXXX", path[64];
	struct sf_config *c = (struct sf_config *)&c;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/config.yaml", dir);
	assert_int_equal(sf_config_load(path, F, &c), SF_EIO);
	assert_null(c);
	assert_string_equal(sf_error_message(),
	    "cannot read " F ": No such file or directory");
	assert_non_null(f = fopen(path, "w"));
	fputs("screening:\n  similarity_threshold: 0.8\n", f);
	fclose(f);
	assert_int_equal(sf_config_load(path, F, &c), 0);
	assert_true(c->similarity == 0.8);
	assert_int_equal(c->agenda_size[SF_MK_MONTHLY], 8);
	sf_config_free(c);
	assert_non_null(f = fopen(path, "w"));
	fputs("screening:\n  similarity_threshold: 2\n", f);
	fclose(f);
	assert_int_equal(sf_config_load(path, F, &c), SF_EINVALID);
	assert_null(c);
	assert_string_equal(sf_error_message(), F ":2:25: "
	    "screening.similarity_threshold: must be a number between 0 and "
	    "1");
	unlink(path);
	rmdir(dir);
	sf_config_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_omitted),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_all_findings),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
