/* Unit tests: lib/history.c, the commits of a small ledger's history */
#include <git2.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "config.h"
#include "error.h"
#include "history.h"
#include "ledger.h"
#include "lifecycle.h"
#include "store.h"
#include "units.h"

#define A "20241008-aaaaaa"
#define B "20241008-bbbbbb"
#define FA "issues/2024/10/" A ".yaml"
#define FB "issues/2024/10/" B ".yaml"
#define M "meetings/2024/2024-10-15-monthly.yaml"

static char dir[] = "/tmp/sanfen-history-XXXXXX";

/* One commit of the history: its date, subject, trailers (key, value,
 * …, NULL) and the files it writes (path, text or NULL to remove, …). */
struct step {
	const char *date;
	const char *subject;
	const char *trailers[12];
	const char *files[6];
};

static const struct step steps[] = {
	{ "2024-10-01T09:00:00+08:00", "init: sanfen ledger",
	    { SF_TR_ACTION, "init", NULL }, { NULL } },
	{ "2024-10-08T09:30:00+08:00", "submit " A ": 码头用海审批",
	    { SF_TR_ACTION, "submit", SF_TR_UNIT, "ningbo", SF_TR_ISSUE, A,
	    SF_TR_STATUS, "none -> submitted", NULL },
	    { FA, "id: " A "\ntitle: 码头用海审批\nstatus: submitted\n",
	    NULL } },
	{ "@1728523200 -0130", "submit " B ": 土地指标",
	    { SF_TR_ACTION, "submit", SF_TR_UNIT, "wenzhou", SF_TR_ISSUE, B,
	    NULL },
	    { FB, "id: " B "\ntitle: 土地指标\nstatus: submitted\n", NULL } },
	/* A accepted; B's title changed by the same commit, its status
	 * not: the commit's Sanfen-Status is A's */
	{ "2024-10-10T10:00:00+08:00", "screen " A ": accepted",
	    { SF_TR_ACTION, "screen", SF_TR_UNIT, "tf-drc", SF_TR_ISSUE, A,
	    SF_TR_ISSUE, B, SF_TR_STATUS, "submitted -> accepted", NULL },
	    { FA, "id: " A "\ntitle: 码头用海审批\nstatus: accepted\n",
	    FB, "id: " B "\ntitle: 土地指标问题\nstatus: submitted\n",
	    NULL } },
	{ "2024-10-11T10:00:00+08:00", "agenda new 2024-10-15-monthly",
	    { SF_TR_ACTION, "agenda-new", SF_TR_MEETING,
	    "2024-10-15-monthly", NULL },
	    { M, "id: 2024-10-15-monthly\nstatus: draft\n", NULL } },
	{ "2024-10-12T10:00:00+08:00", "withdraw " B,
	    { SF_TR_ACTION, "withdraw", SF_TR_ISSUE, B, NULL },
	    { FB, NULL, NULL } },
};

#define NSTEPS (sizeof(steps) / sizeof(steps[0]))

/* What the walk gave, one line per commit. */
struct seen {
	struct sf_buf lines;
	size_t n, stop;		/* stop after that many (0: never) */
};

static const char *
or_dash(const char *s)
{
	return s ? s : "-";
}

static int
collect(const struct sf_commit_info *c, void *ctx)
{
	struct seen *s = ctx;
	char date[17];

	assert_int_equal(strlen(c->id), GIT_OID_HEXSZ);
	sf_commit_date(c, date);
	sf_buf_addf(&s->lines, "%s|%s|%s|%s|%s|%s|%s\n", date, c->subject,
	    or_dash(c->action), or_dash(c->unit), or_dash(c->issue),
	    or_dash(c->meeting), or_dash(c->status));
	s->n++;
	return s->stop && s->n == s->stop ? 7 : 0;
}

static void
walk(const char *path, int reverse, const char *want)
{
	struct sf_ledger *l;
	struct seen s;

	memset(&s, 0, sizeof(s));
	sf_buf_init(&s.lines);
	assert_int_equal(sf_ledger_open(dir, &l), 0);
	assert_int_equal(sf_history_walk(l, path, reverse, collect, &s), 0);
	sf_ledger_free(l);
	if (strcmp(s.lines.buf, want) != 0)
		fail_msg("%s%s\n got:\n%swant:\n%s", path ? path : "all",
		    reverse ? " reversed" : "", s.lines.buf, want);
	sf_buf_release(&s.lines);
}

static int
setup(void **state)
{
	struct sf_ledger *l = NULL;
	struct sf_change *c;
	struct sf_msg msg;
	size_t i, k;
	int rc = 0;

	(void)state;
	setenv("GIT_AUTHOR_NAME", "大发改专班 李明", 1);
	setenv("GIT_AUTHOR_EMAIL", "li@drc.example", 1);
	setenv("GIT_COMMITTER_NAME", "大发改专班 李明", 1);
	setenv("GIT_COMMITTER_EMAIL", "li@drc.example", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", "/nonexistent", 1);
	unsetenv("SANFEN_DIR");
	git_libgit2_init();
	if (!mkdtemp(dir))
		return -1;
	for (i = 0; rc == 0 && i < NSTEPS; i++) {
		const struct step *s = &steps[i];

		setenv("GIT_AUTHOR_DATE", s->date, 1);
		setenv("GIT_COMMITTER_DATE", s->date, 1);
		c = sf_change_new();
		sf_msg_init(&msg, "%s", s->subject);
		for (k = 0; s->trailers[k]; k += 2)
			sf_msg_trailer(&msg, s->trailers[k], "%s",
			    s->trailers[k + 1]);
		if (i == 0) {
			sf_change_put(c, SF_CONFIG_PATH, sf_default_config_yaml,
			    strlen(sf_default_config_yaml));
			sf_change_put(c, SF_UNITS_PATH, sf_default_units_yaml,
			    strlen(sf_default_units_yaml));
			rc = sf_store_init(dir, c, &msg, NULL);
		} else {
			for (k = 0; s->files[k]; k += 2)
				if (s->files[k + 1])
					sf_change_put(c, s->files[k],
					    s->files[k + 1],
					    strlen(s->files[k + 1]));
				else
					sf_change_remove(c, s->files[k]);
			if ((rc = sf_ledger_open(dir, &l)) == 0)
				rc = sf_store_commit(l, c, &msg, NULL);
			sf_ledger_free(l);
			l = NULL;
		}
		sf_msg_release(&msg);
		sf_change_free(c);
	}
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
test_whole_history(void **state)
{
	(void)state;
	/* newest first; dates in each commit's own zone, the first
	 * Sanfen-Issue of a commit that names two */
	walk(NULL, 0,
	    "2024-10-12 10:00|withdraw " B "|withdraw|-|" B "|-|-\n"
	    "2024-10-11 10:00|agenda new 2024-10-15-monthly|agenda-new|-|-|"
	    "2024-10-15-monthly|-\n"
	    "2024-10-10 10:00|screen " A ": accepted|screen|tf-drc|" A "|-|"
	    "submitted -> accepted\n"
	    "2024-10-09 23:50|submit " B ": 土地指标|submit|wenzhou|" B
	    "|-|-\n"
	    "2024-10-08 09:30|submit " A ": 码头用海审批|submit|ningbo|" A
	    "|-|none -> submitted\n"
	    "2024-10-01 09:00|init: sanfen ledger|init|-|-|-|-\n");
	walk(NULL, 1,
	    "2024-10-01 09:00|init: sanfen ledger|init|-|-|-|-\n"
	    "2024-10-08 09:30|submit " A ": 码头用海审批|submit|ningbo|" A
	    "|-|none -> submitted\n"
	    "2024-10-09 23:50|submit " B ": 土地指标|submit|wenzhou|" B
	    "|-|-\n"
	    "2024-10-10 10:00|screen " A ": accepted|screen|tf-drc|" A "|-|"
	    "submitted -> accepted\n"
	    "2024-10-11 10:00|agenda new 2024-10-15-monthly|agenda-new|-|-|"
	    "2024-10-15-monthly|-\n"
	    "2024-10-12 10:00|withdraw " B "|withdraw|-|" B "|-|-\n");
}

static void
test_one_file(void **state)
{
	(void)state;
	/* the commits that touched the file, each with the file's own
	 * transition read from its blobs, whatever the trailer says */
	walk(FA, 0,
	    "2024-10-10 10:00|screen " A ": accepted|screen|tf-drc|" A "|-|"
	    "submitted -> accepted\n"
	    "2024-10-08 09:30|submit " A ": 码头用海审批|submit|ningbo|" A
	    "|-|none -> submitted\n");
	walk(FB, 0,
	    "2024-10-12 10:00|withdraw " B "|withdraw|-|" B "|-|"
	    "submitted -> none\n"
	    "2024-10-10 10:00|screen " A ": accepted|screen|tf-drc|" A
	    "|-|-\n"
	    "2024-10-09 23:50|submit " B ": 土地指标|submit|wenzhou|" B
	    "|-|none -> submitted\n");
	walk(FB, 1,
	    "2024-10-09 23:50|submit " B ": 土地指标|submit|wenzhou|" B
	    "|-|none -> submitted\n"
	    "2024-10-10 10:00|screen " A ": accepted|screen|tf-drc|" A
	    "|-|-\n"
	    "2024-10-12 10:00|withdraw " B "|withdraw|-|" B "|-|"
	    "submitted -> none\n");
	walk(M, 0, "2024-10-11 10:00|agenda new 2024-10-15-monthly|"
	    "agenda-new|-|-|2024-10-15-monthly|none -> draft\n");
	walk("issues/2024/10/20241008-none00.yaml", 0, "");
}

static void
test_stop(void **state)
{
	struct sf_ledger *l;
	struct seen s;

	(void)state;
	/* the callback's value stops the walk and is returned */
	memset(&s, 0, sizeof(s));
	sf_buf_init(&s.lines);
	s.stop = 2;
	assert_int_equal(sf_ledger_open(dir, &l), 0);
	assert_int_equal(sf_history_walk(l, NULL, 0, collect, &s), 7);
	assert_int_equal(s.n, 2);
	sf_buf_release(&s.lines);
	sf_ledger_free(l);
}

static int
author(const struct sf_commit_info *c, void *ctx)
{
	char date[17];

	if (strncmp(c->subject, "submit " B, strlen("submit " B)) != 0)
		return 0;
	assert_string_equal(c->author, "大发改专班 李明");
	assert_string_equal(c->email, "li@drc.example");
	assert_int_equal(c->when, 1728523200);
	assert_int_equal(c->offset, -90);
	sf_commit_date(c, date);
	assert_string_equal(date, "2024-10-09 23:50");
	*(int *)ctx = 1;
	return 0;
}

static int
never(const struct sf_commit_info *c, void *ctx)
{
	fail_msg("an unborn branch has no commit, got %s", c->id);
	return 0;
}

static void
test_author_and_unborn(void **state)
{
	struct sf_ledger *l, unborn;
	int found = 0;

	(void)state;
	assert_int_equal(sf_ledger_open(dir, &l), 0);
	assert_int_equal(sf_history_walk(l, FB, 0, author, &found), 0);
	assert_int_equal(found, 1);
	/* an unborn HEAD is an empty history */
	unborn = *l;
	unborn.unborn = 1;
	assert_int_equal(sf_history_walk(&unborn, NULL, 0, never, NULL), 0);
	sf_ledger_free(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_history),
		cmocka_unit_test(test_one_file),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_author_and_unborn),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
