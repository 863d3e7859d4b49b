/* Unit tests: lib/ledger.c, lib/query.c, lib/check.c on a real ledger */
#include <git2.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "check.h"
#include "config.h"
#include "error.h"
#include "issue.h"
#include "ledger.h"
#include "query.h"
#include "store.h"
#include "units.h"

static char dir[] = "/tmp/sanfen-ledger-XXXXXX";
static char cwd[4096];

static const char issue_a[] =
    "id: 20241008-aaaaaa\ntitle: 码头用海审批\nsubmitted: 2024-10-08\n"
    "submitter: ningbo\nsubject: soe\ncity: ningbo\nprogram: major-5\n"
    "topic: approval\njurisdiction: national\ntried: [county, city]\n"
    "source: unit\nstatus: coordinated\nmeeting: 2024-10-15-monthly\n"
    "tasks:\n- 'no': 1\n  action: 报部审查\n  lead: dept-nr\n"
    "  due: 2024-11-30\n  status: open\n";
static const char issue_b[] =
    "id: 20241009-abcdef\ntitle: 算力中心能耗\nsubmitted: 2024-10-09\n"
    "submitter: hangzhou\nsubject: private\ncity: hangzhou\n"
    "program: no1-digital\ntopic: factors\njurisdiction: province\n"
    "tried: [county, city]\nsource: unit\nstatus: accepted\n";
static const char issue_c[] =
    "id: 20241109-bbbbbb\ntitle: 土地指标\nsubmitted: 2024-11-09\n"
    "submitter: wenzhou\nsubject: private\ncity: wenzhou\n"
    "program: major-1\ntopic: factors\njurisdiction: province\n"
    "tried: [county, city]\nsource: leader\nstatus: submitted\n";
static const char meeting[] =
    "id: 2024-10-15-monthly\nkind: monthly\ndate: 2024-10-15\n"
    "status: issued\nitems:\n- issue: 20241008-aaaaaa\n  decision: 加快\n"
    "held: 2024-10-15\nnumber: 〔2024〕1号\nissued: 2024-10-18\n";

static int
setup(void **state)
{
	struct sf_change *c;
	struct sf_msg msg;
	int rc;

	setenv("GIT_AUTHOR_NAME", "test", 1);
	setenv("GIT_AUTHOR_EMAIL", "t@example", 1);
	setenv("GIT_COMMITTER_NAME", "test", 1);
	setenv("GIT_COMMITTER_EMAIL", "t@example", 1);
	setenv("SANFEN_TODAY", "2024-12-10", 1);
	unsetenv("SANFEN_DIR");
	unsetenv("SANFEN_UNIT");
	git_libgit2_init();
	if (!mkdtemp(dir) || !getcwd(cwd, sizeof(cwd)))
		return -1;
	c = sf_change_new();
	sf_change_put(c, SF_CONFIG_PATH, sf_default_config_yaml,
	    strlen(sf_default_config_yaml));
	sf_change_put(c, SF_UNITS_PATH, sf_default_units_yaml,
	    strlen(sf_default_units_yaml));
	sf_change_put(c, "issues/2024/10/20241008-aaaaaa.yaml", issue_a,
	    strlen(issue_a));
	sf_change_put(c, "issues/2024/10/20241009-abcdef.yaml", issue_b,
	    strlen(issue_b));
	sf_change_put(c, "issues/2024/11/20241109-bbbbbb.yaml", issue_c,
	    strlen(issue_c));
	sf_change_put(c, "meetings/2024/2024-10-15-monthly.yaml", meeting,
	    strlen(meeting));
	sf_change_put(c, "docs/readme.txt", "x\n", 2);
	sf_msg_init(&msg, "init");
	rc = sf_store_init(dir, c, &msg, NULL);
	sf_msg_release(&msg);
	sf_change_free(c);
	return rc;
}

static int
teardown(void **state)
{
	struct sf_buf cmd = SF_BUF_INIT;

	sf_buf_addf(&cmd, "rm -rf %s", dir);
	if (chdir(cwd) != 0 || system(cmd.buf) != 0)
		return -1;
	sf_buf_release(&cmd);
	git_libgit2_shutdown();
	return 0;
}

static void
test_find(void **state)
{
	char *root, sub[512];

	snprintf(sub, sizeof(sub), "%s/docs", dir);
	assert_int_equal(sf_ledger_find(sub, &root), 0);
	assert_string_equal(root, dir);
	free(root);
	assert_int_equal(chdir(sub), 0);
	assert_int_equal(sf_ledger_find(NULL, &root), 0);
	assert_string_equal(root, dir);
	free(root);
	assert_int_equal(chdir("/"), 0);
	assert_int_equal(sf_ledger_find(NULL, &root), SF_ENOTFOUND);
	assert_non_null(strstr(sf_error_message(), "not a sanfen ledger"));
	setenv("SANFEN_DIR", dir, 1);
	assert_int_equal(sf_ledger_find(NULL, &root), 0);
	assert_string_equal(root, dir);
	free(root);
	unsetenv("SANFEN_DIR");
	assert_int_equal(chdir(cwd), 0);
}

static void
test_open_and_roles(void **state)
{
	struct sf_ledger *l;
	const struct sf_unit *u;

	assert_int_equal(sf_ledger_open(dir, &l), 0);
	assert_string_equal(l->today, "2024-12-10");
	assert_false(l->unborn);
	assert_int_equal(sf_ledger_acting_unit(l, NULL, &u), 0);
	assert_null(u);
	assert_int_equal(sf_ledger_require_role(l, u, SF_ROLE_SCREEN),
	    SF_EREFUSED);
	assert_string_equal(sf_error_message(), "no acting unit: use --as "
	    "UNIT, set SANFEN_UNIT, or git config sanfen.unit UNIT");
	setenv("SANFEN_UNIT", "宁波", 1);
	assert_int_equal(sf_ledger_acting_unit(l, NULL, &u), 0);
	assert_string_equal(u->id, "ningbo");
	assert_int_equal(sf_ledger_require_role(l, u, SF_ROLE_SCREEN),
	    SF_EREFUSED);
	assert_string_equal(sf_error_message(), "unit 'ningbo' does not hold "
	    "the screen role (held by: tf-office, tf-drc)");
	assert_int_equal(sf_ledger_acting_unit(l, "大发改专班", &u), 0);
	assert_int_equal(sf_ledger_require_role(l, u, SF_ROLE_SCREEN), 0);
	assert_int_equal(sf_ledger_acting_unit(l, "上海", &u), SF_EINVALID);
	unsetenv("SANFEN_UNIT");
	sf_ledger_free(l);
}

struct seen {
	char ids[8][32];
	int n;
	int stray;
};

static int
collect(const char *rel, const char *id, void *ctx)
{
	struct seen *s = ctx;

	if (!id) {
		s->stray++;
		return 0;
	}
	snprintf(s->ids[s->n++], sizeof(s->ids[0]), "%s", id);
	return 0;
}

static void
test_walk_resolve_filter(void **state)
{
	struct sf_ledger *l;
	struct seen s;
	struct sf_filter f;
	struct sf_issue *is;
	char *id;

	assert_int_equal(sf_ledger_open(dir, &l), 0);
	memset(&s, 0, sizeof(s));
	assert_int_equal(sf_issues_walk(l, collect, &s), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.ids[0], "20241008-aaaaaa");
	assert_string_equal(s.ids[2], "20241109-bbbbbb");
	assert_int_equal(sf_issue_resolve(l, "20241009", &id), 0);
	assert_string_equal(id, "20241009-abcdef");
	free(id);
	assert_int_equal(sf_issue_resolve(l, "20241008-AAA", &id), 0);
	free(id);
	assert_int_equal(sf_issue_resolve(l, "202410", &id), SF_EAMBIGUOUS);
	assert_string_equal(sf_error_message(), "issue prefix '202410' is "
	    "ambiguous: 20241008-aaaaaa, 20241009-abcdef");
	assert_int_equal(sf_issue_resolve(l, "2023", &id), SF_ENOTFOUND);
	assert_int_equal(sf_issue_resolve(l, "../x", &id), SF_EINVALID);
	assert_int_equal(sf_meeting_resolve(l, "2024-10", &id), 0);
	assert_string_equal(id, "2024-10-15-monthly");
	free(id);

	assert_int_equal(sf_ledger_load_issue(l, "20241008-aaaaaa", &is), 0);
	memset(&f, 0, sizeof(f));
	f.today = l->today;
	assert_true(sf_filter_match(&f, is));
	f.overdue = 1;
	assert_true(sf_filter_match(&f, is));	/* due 11-30, today 12-10 */
	f.unit = "dept-nr";
	assert_true(sf_filter_match(&f, is));
	f.unit = "hangzhou";
	assert_false(sf_filter_match(&f, is));
	f.unit = NULL;
	f.status = 1u << SF_ST_ACCEPTED;
	assert_false(sf_filter_match(&f, is));
	f.status = 0;
	f.since = "2024-10-09";
	assert_false(sf_filter_match(&f, is));
	sf_issue_free(is);
	assert_int_equal(sf_ledger_load_issue(l, "20241231-zzzzzz", &is),
	    SF_ENOTFOUND);
	sf_ledger_free(l);
}

static void
test_check(void **state)
{
	struct sf_ledger *l;
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_check_stats st;
	char path[512], *s;
	FILE *fp;

	assert_int_equal(sf_ledger_open(dir, &l), 0);
	assert_int_equal(sf_check_ledger(l, &d, &st), 0);
	if (d.n)
		fail_msg("%s", d.v[0].msg);
	assert_int_equal(st.issues, 3);
	assert_int_equal(st.meetings, 1);
	/* a dangling meeting reference and a stray file */
	snprintf(path, sizeof(path), "%s/issues/2024/10/20241009-abcdef.yaml",
	    dir);
	fp = fopen(path, "a");
	fputs("meeting: 2024-11-15-monthly\n", fp);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/issues/2024/stray.txt", dir);
	fp = fopen(path, "w");
	fclose(fp);
	assert_int_equal(sf_check_ledger(l, &d, &st), 0);
	assert_int_equal(d.n, 2);
	s = sf_diag_string(&d.v[0]);
	assert_string_equal(s, "issues/2024/stray.txt: not an issue file: "
	    "issues are issues/YYYY/MM/<id>.yaml, in the month of their id");
	free(s);
	s = sf_diag_string(&d.v[1]);
	assert_string_equal(s, "issues/2024/10/20241009-abcdef.yaml: meeting: "
	    "no meeting '2024-11-15-monthly' in the ledger");
	free(s);
	sf_diags_clear(&d);
	sf_ledger_free(l);
}

static void
put_file(const char *rel, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* The findings of sanfen-check, one a line */
static char *
findings(struct sf_ledger *l)
{
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_check_stats st;
	struct sf_buf b = SF_BUF_INIT;
	size_t i;
	char *s;

	assert_int_equal(sf_check_ledger(l, &d, &st), 0);
	for (i = 0; i < d.n; i++) {
		s = sf_diag_string(&d.v[i]);
		sf_buf_addf(&b, "%s\n", s);
		free(s);
	}
	sf_diags_clear(&d);
	return sf_buf_detach(&b, NULL);
}

#define B_HEAD \
	"id: 20241009-abcdef\ntitle: 算力中心能耗\nsubmitted: 2024-10-09\n" \
	"submitter: hangzhou\nsubject: private\ncity: hangzhou\n" \
	"program: no1-digital\ntopic: factors\njurisdiction: province\n" \
	"tried: [county, city]\nsource: unit\n"
#define B_FILE "issues/2024/10/20241009-abcdef.yaml"
#define M_PLAN(id, date, status) \
	"id: " id "\nkind: monthly\ndate: " date "\nstatus: " status "\n" \
	"items:\n- issue: 20241009-abcdef\n"

/* An item of a meeting whose minutes are not issued names an issue they
 * could not apply to: not scheduled for that meeting. */
static void
test_check_items(void **state)
{
	struct sf_ledger *l = NULL;
	char path[512], *s;

	snprintf(path, sizeof(path), "%s/issues/2024/stray.txt", dir);
	unlink(path);
	put_file("meetings/2024/2024-11-19-monthly.yaml",
	    M_PLAN("2024-11-19-monthly", "2024-11-19", "approved"));
	put_file(B_FILE, B_HEAD "status: scheduled\n"
	    "meeting: 2024-11-19-monthly\n");
	assert_int_equal(sf_ledger_open(dir, &l), 0);
	s = findings(l);
	assert_string_equal(s, "");
	free(s);
	/* withdrawn by a merge, its item left on the approved agenda */
	put_file(B_FILE, B_HEAD "status: withdrawn\n"
	    "meeting: 2024-11-19-monthly\nwithdrawal:\n  date: 2024-10-20\n"
	    "  note: 已自行解决\n");
	s = findings(l);
	assert_string_equal(s, "meetings/2024/2024-11-19-monthly.yaml: "
	    "items[20241009-abcdef]: issue 20241009-abcdef is withdrawn, not "
	    "scheduled for this meeting: drop the item with sanfen-agenda "
	    "drop 2024-11-19-monthly 20241009-abcdef\n");
	free(s);
	/* scheduled for another meeting, which has its item too */
	put_file("meetings/2024/2024-12-19-monthly.yaml",
	    M_PLAN("2024-12-19-monthly", "2024-12-19", "draft"));
	put_file(B_FILE, B_HEAD "status: scheduled\n"
	    "meeting: 2024-12-19-monthly\n");
	s = findings(l);
	assert_string_equal(s, "meetings/2024/2024-11-19-monthly.yaml: "
	    "items[20241009-abcdef]: issue 20241009-abcdef is scheduled on "
	    "2024-12-19-monthly, not scheduled for this meeting: drop the item "
	    "with sanfen-agenda drop 2024-11-19-monthly 20241009-abcdef\n");
	free(s);
	/* once the minutes are issued, an item is a record: the issue
	 * deferred there may be anywhere */
	put_file("meetings/2024/2024-11-19-monthly.yaml",
	    M_PLAN("2024-11-19-monthly", "2024-11-19", "issued")
	    "  deferred: true\nheld: 2024-11-19\napproved: 2024-11-20\n"
	    "number: 〔2024〕2号\nissued: 2024-11-21\n");
	s = findings(l);
	assert_string_equal(s, "");
	free(s);
	sf_ledger_free(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_open_and_roles),
		cmocka_unit_test(test_walk_resolve_filter),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_check_items),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
