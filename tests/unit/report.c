/* Unit tests: lib/report.c, the statistics of a period over a real ledger
 * of ten issues (tests/unit/data/issue and a twin of one of them) */
#include <git2.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "buf.h"
#include "config.h"
#include "enums.h"
#include "error.h"
#include "ledger.h"
#include "report.h"
#include "store.h"
#include "units.h"

static char dir[] = "/tmp/sanfen-report-XXXXXX";

/* the data files, by the id each holds */
static const char *const data[][2] = {
	{ "closed-national", "20240612-l2w6ra" },
	{ "closed", "20240805-j4c7pe" },
	{ "escalated", "20240902-k8d3fs" },
	{ "scheduled", "20240912-h3n8qa" },
	{ "withdrawn", "20240920-s9b4ke" },
	{ "coordinated", "20241008-k3f9qa" },
	{ "submitted", "20241009-w7m2xd" },
	{ "rejected", "20241010-p5q2ha" },
	{ "returned", "20241011-t6v8nb" },
};

#define NDATA (sizeof(data) / sizeof(data[0]))
#define TWIN "20241009-w7m2xe"

/* text with old replaced by new (once; the test fails if old is absent) */
static char *
subst(char *text, const char *old, const char *new)
{
	const char *p = strstr(text, old);
	struct sf_buf b;

	if (!p)
		fail_msg("'%s' not in the text", old);
	sf_buf_init(&b);
	sf_buf_add(&b, text, (size_t)(p - text));
	sf_buf_addstr(&b, new);
	sf_buf_addstr(&b, p + strlen(old));
	free(text);
	return sf_buf_detach(&b, NULL);
}

static int
setup(void **state)
{
	const char *build = getenv("SANFEN_BUILD");
	struct sf_change *c;
	struct sf_msg msg;
	struct sf_buf in;
	char path[4096], *twin = NULL;
	size_t i;
	int rc;

	(void)state;
	setenv("GIT_AUTHOR_NAME", "test", 1);
	setenv("GIT_AUTHOR_EMAIL", "t@example", 1);
	setenv("GIT_COMMITTER_NAME", "test", 1);
	setenv("GIT_COMMITTER_EMAIL", "t@example", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", "/nonexistent", 1);
	setenv("SANFEN_TODAY", "2024-12-10", 1);
	unsetenv("SANFEN_DIR");
	unsetenv("SANFEN_CACHE");
	git_libgit2_init();
	if (!mkdtemp(dir))
		return -1;
	c = sf_change_new();
	sf_change_put(c, SF_CONFIG_PATH, sf_default_config_yaml,
	    strlen(sf_default_config_yaml));
	sf_change_put(c, SF_UNITS_PATH, sf_default_units_yaml,
	    strlen(sf_default_units_yaml));
	for (i = 0; i < NDATA; i++) {
		snprintf(path, sizeof(path), "%s/tests/unit/data/issue/%s.yaml",
		    build ? build : ".", data[i][0]);
		sf_buf_init(&in);
		if (sf_buf_read_file(&in, path, 1 << 20) < 0)
			return -1;
		snprintf(path, sizeof(path), "issues/%.4s/%.2s/%s.yaml",
		    data[i][1], data[i][1] + 4, data[i][1]);
		sf_change_put(c, path, in.buf, in.len);
		/* the same problem reported from another city */
		if (strcmp(data[i][0], "submitted") == 0)
			twin = sf_buf_detach(&in, NULL);
		sf_buf_release(&in);
	}
	twin = subst(twin, "id: 20241009-w7m2xd", "id: " TWIN);
	twin = subst(twin, "submitter: wenzhou", "submitter: hangzhou");
	twin = subst(twin, "city: wenzhou", "city: hangzhou");
	sf_change_put(c, "issues/2024/10/" TWIN ".yaml", twin, strlen(twin));
	free(twin);
	sf_msg_init(&msg, "init");
	rc = sf_store_init(dir, c, &msg, NULL);
	sf_msg_release(&msg);
	sf_change_free(c);
	return rc;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	git_libgit2_shutdown();
	return system(cmd) == 0 ? 0 : -1;
}

static void
range(const char *period, const char *from, const char *to)
{
	char f[SF_DATE_LEN + 1], t[SF_DATE_LEN + 1];

	if (sf_period_range(period, f, t) != 0)
		fail_msg("%s: refused", period);
	assert_string_equal(f, from);
	assert_string_equal(t, to);
}

static void
test_period_range(void **state)
{
	static const char *const bad[] = { "", "24", "1899", "2024H3",
		"2024Q5", "2024-13", "2024-00", "2024X1",
		"2024-101" };
	char f[SF_DATE_LEN + 1], t[SF_DATE_LEN + 1];
	size_t i;

	(void)state;
	range("2024", "2024-01-01", "2024-12-31");
	range("2024H1", "2024-01-01", "2024-06-30");
	range("2024H2", "2024-07-01", "2024-12-31");
	range("2024Q1", "2024-01-01", "2024-03-31");
	range("2024Q3", "2024-07-01", "2024-09-30");
	range("2024-02", "2024-02-01", "2024-02-29");	/* a leap year */
	range("2023-02", "2023-02-01", "2023-02-28");
	range("2024-10", "2024-10-01", "2024-10-31");
	range("2024-12", "2024-12-01", "2024-12-31");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (sf_period_range(bad[i], f, t) == 0)
			fail_msg("'%s' taken as %s..%s", bad[i], f, t);
}

static const struct sf_tally *
unit(const struct sf_report *r, const char *id)
{
	const struct sf_tally *u = sf_strset_get(&r->units, id);

	if (!u)
		fail_msg("no tally for %s", id);
	return u;
}

#define TALLY(t, s, c, k) do { \
	assert_int_equal((t).submitted, (s)); \
	assert_int_equal((t).coordinated, (c)); \
	assert_int_equal((t).closed, (k)); \
} while (0)

static void
test_year(void **state)
{
	static const char *const order[] = { "lishui", "jiaxing", "jinhua",
		"hangzhou", "dept-sasac", "ningbo", "wenzhou", "hangzhou",
		"huzhou", "taizhou" };
	struct sf_ledger *l;
	struct sf_report r;
	struct stat st;
	char path[512];
	size_t i, k;

	(void)state;
	assert_int_equal(sf_ledger_open(dir, &l), 0);
	assert_int_equal(sf_report_collect(l, "2024", &r), 0);
	assert_string_equal(r.period, "2024");
	assert_string_equal(r.from, "2024-01-01");
	assert_string_equal(r.to, "2024-12-31");
	assert_int_equal(r.total, 10);
	assert_int_equal(r.status[SF_ST_SUBMITTED], 3);
	assert_int_equal(r.status[SF_ST_ACCEPTED], 0);
	assert_int_equal(r.status[SF_ST_REJECTED], 1);
	assert_int_equal(r.status[SF_ST_SCHEDULED], 1);
	assert_int_equal(r.status[SF_ST_COORDINATED], 1);
	assert_int_equal(r.status[SF_ST_ESCALATED], 1);
	assert_int_equal(r.status[SF_ST_CLOSED], 2);
	assert_int_equal(r.status[SF_ST_WITHDRAWN], 1);
	/* closed of those that reached a meeting: 2 of 4 */
	assert_true(r.closure_rate == 0.5);
	/* submitted to meeting: 13, 15, 18 and 7 days; meeting to closure:
	 * 159 and 49 days */
	assert_true(r.to_meeting_median == 14);
	assert_true(r.to_meeting_p90 == 18);
	assert_true(r.to_close_median == 104);
	assert_true(r.to_close_p90 == 159);

	TALLY(r.city[SF_CITY_HANGZHOU], 2, 0, 0);
	TALLY(r.city[SF_CITY_NINGBO], 1, 1, 0);
	TALLY(r.city[SF_CITY_LISHUI], 1, 1, 1);
	TALLY(r.city[SF_CITY_SHAOXING], 0, 0, 0);
	TALLY(r.subject[SF_SUBJ_SOE], 3, 3, 2);
	TALLY(r.subject[SF_SUBJ_PRIVATE], 4, 0, 0);
	TALLY(r.subject[SF_SUBJ_CITY], 2, 1, 0);
	TALLY(r.subject[SF_SUBJ_OTHER], 1, 0, 0);
	TALLY(r.topic[SF_TOPIC_FACTORS], 5, 1, 1);
	TALLY(r.program[SF_PROG_MAJOR_1 + 4], 2, 2, 0);	/* major-5 */
	TALLY(r.level[SF_LEVEL_NATIONAL], 2, 2, 1);
	TALLY(r.level[SF_LEVEL_PROVINCE], 7, 2, 1);
	TALLY(r.level[SF_LEVEL_COUNTY], 1, 0, 0);
	TALLY(r.month[5], 1, 1, 1);			/* June */
	TALLY(r.month[9], 5, 1, 0);			/* October */
	TALLY(r.month[10], 0, 0, 0);

	/* submitters in the order first met, each counted once */
	assert_int_equal(r.nunits, 9);
	for (i = k = 0; i < 10; i++)
		if (i != 7)	/* hangzhou again */
			assert_string_equal(r.unit_order[k++], order[i]);
	TALLY(*unit(&r, "hangzhou"), 2, 0, 0);
	TALLY(*unit(&r, "lishui"), 1, 1, 1);

	/* overdue as of SANFEN_TODAY, whatever the period: the escalated
	 * issue's open task (the closed issue's is not supervised) */
	assert_int_equal(r.overdue.n, 1);
	assert_string_equal(r.overdue.v[0].issue, "20240902-k8d3fs");
	assert_string_equal(r.overdue.v[0].unit, "dept-drc");
	assert_int_equal(r.overdue.v[0].task, 1);
	assert_string_equal(r.overdue.v[0].due, "2024-10-31");
	assert_int_equal(r.overdue.v[0].days, 40);
	assert_int_equal(r.overdue.v[0].nsupervised, 1);

	/* one common problem: the twins, in two cities */
	assert_int_equal(r.ngroups, 1);
	assert_int_equal(r.groups[0].n, 2);
	assert_string_equal(r.groups[0].ids[0], "20241009-w7m2xd");
	assert_string_equal(r.groups[0].ids[1], TWIN);
	assert_int_equal(r.groups[0].cities, 1u << SF_CITY_HANGZHOU |
	    1u << SF_CITY_WENZHOU);
	sf_report_release(&r);

	/* the groups are kept for the next report of the period, which
	 * finds the same */
	snprintf(path, sizeof(path), "%s/.git/sanfen/groups-2024", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(sf_report_collect(l, "2024", &r), 0);
	assert_int_equal(r.total, 10);
	assert_int_equal(r.ngroups, 1);
	assert_int_equal(r.groups[0].n, 2);
	assert_string_equal(r.groups[0].ids[1], TWIN);
	assert_int_equal(r.groups[0].cities, 1u << SF_CITY_HANGZHOU |
	    1u << SF_CITY_WENZHOU);
	sf_report_release(&r);
	sf_ledger_free(l);
}

static void
test_quarter_and_month(void **state)
{
	struct sf_ledger *l;
	struct sf_report r;

	(void)state;
	assert_int_equal(sf_ledger_open(dir, &l), 0);
	assert_int_equal(sf_report_collect(l, "2024Q3", &r), 0);
	/* 2024-08-05 closed, 09-02 escalated, 09-12 scheduled, 09-20
	 * withdrawn */
	assert_int_equal(r.total, 4);
	assert_true(r.closure_rate == 0.5);
	assert_true(r.to_meeting_median == 16.5);
	assert_true(r.to_close_median == 49);
	assert_int_equal(r.ngroups, 0);
	assert_int_equal(r.overdue.n, 1);
	sf_report_release(&r);

	assert_int_equal(sf_report_collect(l, "2024-10", &r), 0);
	assert_int_equal(r.total, 5);
	assert_int_equal(r.status[SF_ST_SUBMITTED], 3);
	assert_true(r.closure_rate == 0);
	assert_true(r.to_meeting_median == 7);
	/* none closed: no duration */
	assert_true(r.to_close_median == -1);
	assert_true(r.to_close_p90 == -1);
	assert_int_equal(r.ngroups, 1);
	sf_report_release(&r);

	assert_int_equal(sf_report_collect(l, "2023", &r), 0);
	assert_int_equal(r.total, 0);
	assert_true(r.closure_rate == 0);
	assert_true(r.to_meeting_median == -1);
	assert_int_equal(r.nunits, 0);
	sf_report_release(&r);

	assert_int_equal(sf_report_collect(l, "2024H3", &r), SF_EINVALID);
	assert_string_equal(sf_error_message(), "invalid period '2024H3' "
	    "(expected 2024, 2024H1, 2024Q3 or 2024-10)");
	sf_report_release(&r);
	sf_ledger_free(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period_range),
		cmocka_unit_test(test_year),
		cmocka_unit_test(test_quarter_and_month),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
