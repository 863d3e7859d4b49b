/* Unit tests: lib/similar.c */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "similar.h"

static void
test_similarity_chinese(void **state)
{
	const char *a = "项目用海审批进度滞后，影响年内开工";
	const char *b = "项目用海审批进度滞后,影响年内开工。";
	const char *c = "算力中心能耗指标不足";

	assert_true(fabs(sf_similarity(a, b) - 1.0) < 1e-9);
	assert_true(sf_similarity(a, c) < 0.1);
	assert_true(fabs(sf_similarity("", "") - 0.0) < 1e-9);
	/* 用海审批 / 用地审批: 3 bigrams each, 用海 海审 审批 vs 用地 地审 审批 */
	assert_true(fabs(sf_similarity("用海审批", "用地审批") - 1.0 / 3) <
	    1e-9);
	assert_int_equal(sf_bigram_count("用海审批"), 3);
	assert_int_equal(sf_bigram_count("用海、审批"), 3);
	assert_int_equal(sf_bigram_count("LNG lng"), 3);
	assert_int_equal(sf_bigram_count("一"), 0);
}

static const char *const words[] = {
	"项目", "用海", "用地", "审批", "能耗", "指标", "资金", "分担", "环评",
	"进度", "滞后", "开工", "码头", "轨道", "交通", "电站", "核准", "林地",
	"占用", "政策", "落实", "协调", "杭州", "宁波", "温州", "湖州", "嘉兴",
	"绍兴", "金华", "衢州", "舟山", "台州", "丽水", "省级", "市级", "县级",
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

static void
make_text(struct sf_buf *b, unsigned *seed, size_t nwords)
{
	size_t i;

	sf_buf_reset(b);
	for (i = 0; i < nwords; i++) {
		*seed = *seed * 1103515245u + 12345u;
		sf_buf_addstr(b, words[(*seed >> 16) % NWORDS]);
	}
}

/* The index finds exactly what comparing every pair finds. */
static void
test_index_equals_brute_force(void **state)
{
	const double ts[] = { 0.3, 0.5, 0.6, 0.8 };
	enum { NDOCS = 400, NQ = 120 };
	static char *docs[NDOCS], *qs[NQ];
	struct sf_buf b = SF_BUF_INIT;
	unsigned seed = 7;
	size_t i, q, k, nh, want;
	struct sf_simhit *hits;

	for (i = 0; i < NDOCS; i++) {
		make_text(&b, &seed, 3 + seed % 6);
		docs[i] = strdup(b.buf);
	}
	for (q = 0; q < NQ; q++) {
		if (q % 3 == 0) {	/* near-duplicates of indexed texts */
			sf_buf_reset(&b);
			sf_buf_addf(&b, "%s%s", docs[q * 3], words[q % NWORDS]);
		} else {
			make_text(&b, &seed, 3 + seed % 6);
		}
		qs[q] = strdup(b.buf);
	}
	for (k = 0; k < sizeof(ts) / sizeof(ts[0]); k++) {
		struct sf_simindex *x = sf_simindex_new(ts[k]);
		char id[16];

		for (i = 0; i < NDOCS; i++) {
			snprintf(id, sizeof(id), "d%zu", i);
			sf_simindex_add(x, id, docs[i]);
		}
		sf_simindex_build(x);
		assert_int_equal(sf_simindex_size(x), NDOCS);
		for (q = 0; q < NQ; q++) {
			nh = sf_simindex_query(x, qs[q], (size_t)-1, &hits);
			for (i = want = 0; i < NDOCS; i++)
				if (sf_similarity(qs[q], docs[i]) + 1e-12 >=
				    ts[k])
					want++;
			if (nh != want)
				fail_msg("t=%.1f query %zu: %zu hits, brute "
				    "force %zu", ts[k], q, nh, want);
			for (i = 0; i < nh; i++) {
				assert_true(fabs(hits[i].score -
				    sf_similarity(qs[q],
				    docs[hits[i].doc])) < 1e-9);
				if (i)
					assert_true(hits[i - 1].score >=
					    hits[i].score);
			}
			free(hits);
		}
		sf_simindex_free(x);
	}
	for (i = 0; i < NDOCS; i++)
		free(docs[i]);
	for (q = 0; q < NQ; q++)
		free(qs[q]);
	sf_buf_release(&b);
}

static void
test_index_skip_and_ids(void **state)
{
	struct sf_simindex *x = sf_simindex_new(0.6);
	struct sf_simhit *hits;
	size_t n;

	sf_simindex_add(x, "20241008-aaaaaa", "宁波舟山港码头工程用海审批");
	sf_simindex_add(x, "20241009-bbbbbb", "杭州算力中心能耗指标保障");
	sf_simindex_add(x, "20241010-cccccc", "宁波舟山港码头工程用海审批进度");
	sf_simindex_build(x);
	n = sf_simindex_query(x, "宁波舟山港码头工程用海审批", 0, &hits);
	assert_int_equal(n, 1);
	assert_string_equal(hits[0].id, "20241010-cccccc");
	assert_true(hits[0].score > 0.9);
	free(hits);
	n = sf_simindex_query(x, "", (size_t)-1, &hits);
	assert_int_equal(n, 0);
	assert_null(hits);
	sf_simindex_free(x);
	x = sf_simindex_new(0.5);
	sf_simindex_build(x);
	assert_int_equal(sf_simindex_query(x, "宁波", (size_t)-1, &hits), 0);
	sf_simindex_free(x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_similarity_chinese),
		cmocka_unit_test(test_index_equals_brute_force),
		cmocka_unit_test(test_index_skip_and_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
