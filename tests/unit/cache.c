/* Unit tests: lib/cache.c, the query cache, on a real ledger */
#include <fcntl.h>
#include <git2.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "cache.h"
#include "config.h"
#include "error.h"
#include "issue.h"
#include "issue_view.h"
#include "ledger.h"
#include "store.h"
#include "units.h"
#include "yamlio.h"

static char dir[] = "/tmp/sanfen-cache-XXXXXX";

#define A "issues/2024/10/20241008-aaaaaa.yaml"
#define B "issues/2024/10/20241009-abcdef.yaml"
#define C "issues/2024/11/20241109-bbbbbb.yaml"

static const char issue_a[] =
    "id: 20241008-aaaaaa\ntitle: 码头用海审批\nsubmitted: 2024-10-08\n"
    "submitter: ningbo\ncontact: 王五 0574-1234567\nsubject: soe\n"
    "city: ningbo\nprogram: major-5\ntopic: approval\n"
    "jurisdiction: national\ntried: [county, city]\nsource: unit\n"
    "flags: [cross-department]\nmaterial:\n  background: 总投资120亿元。\n"
    "  problem: |\n    用海审批需报国务院，\"进度\"滞后。\n"
    "  prior: 市县两级已协调。\n  request: 请省里协调。\n"
    "status: coordinated\nscreening:\n  date: 2024-10-10\n  by: tf-drc\n"
    "  priorities: [cross]\n  score: 3\n  similar:\n"
    "  - id: 20240901-cccccc\n    score: 0.71\n  note: 不同项目\n"
    "meeting: 2024-10-15-monthly\ndecision: |\n  由省自然资源厅牵头报部。\n"
    "tasks:\n- 'no': 1\n  action: 报部审查\n  lead: dept-nr\n"
    "  support: [ningbo, dept-eco]\n  due: 2024-11-30\n  status: open\n"
    "  progress:\n  - date: 2024-11-02\n    note: 已报部\n";
static const char issue_b[] =
    "id: 20241009-abcdef\ntitle: 算力中心能耗\nsubmitted: 2024-10-09\n"
    "submitter: hangzhou\nsubject: private\ncity: hangzhou\n"
    "program: no1-digital\ntopic: factors\njurisdiction: province\n"
    "tried: [county, city]\nsource: unit\nstatus: accepted\n"
    "screening:\n  date: 2024-10-11\n  by: tf-drc\n  score: 1\n";
static const char issue_b2[] =
    "id: 20241009-abcdef\ntitle: 算力中心能耗指标\n"
    "submitted: 2024-10-09\nsubmitter: hangzhou\nsubject: private\n"
    "city: hangzhou\nprogram: no1-digital\ntopic: factors\n"
    "jurisdiction: province\ntried: [county, city]\nsource: unit\n"
    "status: submitted\n";
static const char issue_c[] =
    "id: 20241109-bbbbbb\ntitle: 土地指标\nsubmitted: 2024-11-09\n"
    "submitter: wenzhou\nsubject: private\ncity: wenzhou\n"
    "program: major-1\ntopic: factors\njurisdiction: province\n"
    "tried: [county, city]\nsource: leader\nstatus: submitted\n";

static char *
at(const char *rel)
{
	static char p[4][512];
	static int k;

	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, rel);
	return p[k];
}

/* Commit one change (put text at rel, or remove it when text is NULL), as
 * any writer would. */
static void
commit(const char *rel, const char *text)
{
	struct sf_ledger *l;
	struct sf_change *c = sf_change_new();
	struct sf_msg msg;

	if (text)
		sf_change_put(c, rel, text, strlen(text));
	else
		sf_change_remove(c, rel);
	sf_msg_init(&msg, "test");
	assert_int_equal(sf_ledger_open(dir, &l), 0);
	assert_int_equal(sf_store_commit(l, c, &msg, NULL), 0);
	sf_ledger_free(l);
	sf_msg_release(&msg);
	sf_change_free(c);
}

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
	unsetenv("SANFEN_CACHE");
	unsetenv("SANFEN_TRACE");
	git_libgit2_init();
	if (!mkdtemp(dir))
		return -1;
	c = sf_change_new();
	sf_change_put(c, SF_CONFIG_PATH, sf_default_config_yaml,
	    strlen(sf_default_config_yaml));
	sf_change_put(c, SF_UNITS_PATH, sf_default_units_yaml,
	    strlen(sf_default_units_yaml));
	sf_change_put(c, A, issue_a, strlen(issue_a));
	sf_change_put(c, B, issue_b, strlen(issue_b));
	sf_change_put(c, C, issue_c, strlen(issue_c));
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
	if (system(cmd.buf) != 0)
		return -1;
	sf_buf_release(&cmd);
	git_libgit2_shutdown();
	return 0;
}

/* What a scan saw: one line per file with its indexed fields, and the
 * whole issue as JSON, so a cached answer can be compared with a parse. */
struct seen {
	struct sf_buf text;
	int full;		/* ask for the whole issue */
};

static int
record(struct sf_ledger *l, struct sf_scan_item *it, void *ctx)
{
	struct seen *s = ctx;
	struct sf_arena *a;
	const struct sf_issue *is;

	sf_buf_addf(&s->text, "%s ", it->rel);
	if (!it->id || !it->is) {
		sf_buf_addf(&s->text, "%s\n", it->id ? "invalid" : "other");
		return 0;
	}
	is = it->is;
	sf_buf_addf(&s->text, "%s %s %d %d %zu", is->id, is->title,
	    is->status, is->city, is->ntasks);
	if (is->ntasks)
		sf_buf_addf(&s->text, " %s %zu %s", is->tasks[0].lead,
		    is->tasks[0].nsupport, is->tasks[0].due);
	if (s->full) {
		assert_int_equal(sf_scan_full(l, it), 0);
		assert_true(it->full);
		a = sf_arena_new();
		sf_buf_addch(&s->text, ' ');
		sf_json_emit(sf_issue_record(it->is, it->rel, a), &s->text, 0);
		sf_arena_free(a);
	}
	sf_buf_addch(&s->text, '\n');
	return 0;
}

static char *
scan(int full, struct sf_scan_stats *st)
{
	struct sf_ledger *l;
	struct seen s;

	sf_buf_init(&s.text);
	s.full = full;
	assert_int_equal(sf_ledger_open(dir, &l), 0);
	assert_int_equal(sf_issues_scan(l, NULL, record, &s, st), 0);
	sf_ledger_free(l);
	return sf_buf_detach(&s.text, NULL);
}

/* The same lines with the cache off: what the files say. */
static char *
truth(int full)
{
	char *t;

	setenv("SANFEN_CACHE", "0", 1);
	t = scan(full, NULL);
	unsetenv("SANFEN_CACHE");
	return t;
}

static void
expect(int full, struct sf_scan_stats *st)
{
	char *want = truth(full), *got = scan(full, st);

	assert_string_equal(got, want);
	free(want);
	free(got);
}

static void
cache_file(struct stat *st)
{
	assert_int_equal(stat(at(".git/sanfen/issues.cache"), st), 0);
}

static void
test_rebuild_then_cached(void **state)
{
	struct sf_scan_stats st;
	struct stat before, after;
	char *full;

	expect(0, &st);
	assert_int_equal(st.files, 3);
	assert_true(st.rebuilt);
	assert_int_equal(st.parsed, 3);
	assert_true(st.written);
	cache_file(&before);
	assert_int_equal(before.st_mode & 0777, 0644 & ~0022);

	/* the second scan parses nothing and writes nothing */
	expect(1, &st);
	assert_false(st.rebuilt);
	assert_int_equal(st.cached, 3);
	assert_int_equal(st.parsed, 0);
	assert_false(st.written);
	cache_file(&after);
	assert_int_equal(after.st_ino, before.st_ino);

	/* the whole issue from the cache is the parsed one, to the byte */
	full = scan(1, NULL);
	assert_non_null(strstr(full, "\"contact\":\"王五 0574-1234567\""));
	assert_non_null(strstr(full, "\"note\":\"不同项目\""));
	assert_non_null(strstr(full, "\"score\":0.71"));
	assert_non_null(strstr(full, "用海审批需报国务院，\\\"进度\\\"滞后。"));
	free(full);
}

static void
test_commits(void **state)
{
	struct sf_scan_stats st;
	char *t;

	expect(0, &st);
	/* a commit changes one file: only that blob is parsed */
	commit(B, issue_b2);
	expect(1, &st);
	assert_int_equal(st.parsed, 1);
	assert_int_equal(st.cached, 2);
	assert_true(st.written);
	t = scan(0, &st);
	assert_int_equal(st.cached, 3);
	assert_false(st.written);
	assert_non_null(strstr(t, "算力中心能耗指标 0"));
	free(t);

	/* a file removed, then back */
	commit(C, NULL);
	expect(0, &st);
	assert_int_equal(st.files, 2);
	assert_int_equal(st.parsed, 0);
	assert_true(st.written);
	commit(C, issue_c);
	expect(1, &st);
	assert_int_equal(st.files, 3);
	assert_int_equal(st.parsed, 1);

	/* a file added in a new month, before and after the others */
	commit("issues/2024/09/20240930-aaaaaa.yaml",
	    "id: 20240930-aaaaaa\ntitle: 新增\nsubmitted: 2024-09-30\n"
	    "submitter: lishui\nsubject: other\nprogram: other\n"
	    "topic: other\njurisdiction: province\nstatus: submitted\n");
	commit("issues/2024/12/20241201-aaaaaa.yaml",
	    "id: 20241201-aaaaaa\ntitle: 新增二\nsubmitted: 2024-12-01\n"
	    "submitter: lishui\nsubject: other\nprogram: other\n"
	    "topic: other\njurisdiction: province\nstatus: submitted\n");
	expect(1, &st);
	assert_int_equal(st.files, 5);
	assert_int_equal(st.parsed, 2);
	assert_int_equal(st.cached, 3);
	commit("issues/2024/09/20240930-aaaaaa.yaml", NULL);
	commit("issues/2024/12/20241201-aaaaaa.yaml", NULL);
	expect(0, &st);
	assert_int_equal(st.files, 3);
}

static void
test_work_tree_not_read(void **state)
{
	struct sf_scan_stats st;
	char *t;
	FILE *fp;

	expect(0, &st);
	/* the ledger as committed: an edit not yet committed, or a file
	 * not yet added, is sanfen-check's and git's, not the scan's */
	assert_non_null(fp = fopen(at(B), "a"));
	fputs("contact: 未提交\n", fp);
	fclose(fp);
	assert_non_null(fp = fopen(at("issues/2024/11/20241110-zzzzzz.yaml"),
	    "w"));
	fputs("title: [unclosed\n", fp);
	fclose(fp);
	t = scan(1, &st);
	assert_int_equal(st.cached, 3);
	assert_null(strstr(t, "未提交"));
	assert_null(strstr(t, "zzzzzz"));
	free(t);
	unlink(at("issues/2024/11/20241110-zzzzzz.yaml"));
	assert_non_null(fp = fopen(at(B), "w"));	/* as committed */
	fputs(issue_b2, fp);
	fclose(fp);
}

static int
exists(const char *rel)
{
	struct stat st;

	return stat(at(rel), &st) == 0;
}

static void
test_delta(void **state)
{
	struct sf_scan_stats st;
	struct sf_change *c;
	struct sf_ledger *l;
	struct sf_msg msg;
	char rel[64], text[512];
	int i;

	/* a base and no delta */
	unlink(at(".git/sanfen/issues.cache.delta"));
	unlink(at(".git/sanfen/issues.cache"));
	expect(0, &st);
	assert_false(exists(".git/sanfen/issues.cache.delta"));

	/* a change, then another: the delta holds them, the base stays */
	commit(C, NULL);
	expect(1, &st);
	assert_int_equal(st.files, 2);
	assert_true(exists(".git/sanfen/issues.cache.delta"));
	commit(C, issue_c);
	expect(1, &st);
	assert_int_equal(st.files, 3);
	assert_int_equal(st.parsed, 1);
	commit(A, NULL);
	expect(1, &st);
	assert_int_equal(st.files, 2);
	assert_int_equal(st.parsed, 0);
	expect(0, &st);
	assert_int_equal(st.cached, 2);
	assert_false(st.written);
	commit(A, issue_a);
	expect(1, &st);
	assert_int_equal(st.cached, 2);

	/* many changes at once: a new base, no delta */
	c = sf_change_new();
	for (i = 0; i < 300; i++) {
		snprintf(rel, sizeof(rel), "issues/2024/12/20241201-b%05d.yaml",
		    i);
		snprintf(text, sizeof(text), "id: 20241201-b%05d\ntitle: 批量%d\n"
		    "submitted: 2024-12-01\nsubmitter: lishui\nsubject: other\n"
		    "program: other\ntopic: other\njurisdiction: province\n"
		    "status: submitted\n", i, i);
		sf_change_put(c, rel, text, strlen(text));
	}
	sf_msg_init(&msg, "test: 300");
	assert_int_equal(sf_ledger_open(dir, &l), 0);
	assert_int_equal(sf_store_commit(l, c, &msg, NULL), 0);
	sf_ledger_free(l);
	sf_msg_release(&msg);
	expect(0, &st);
	assert_int_equal(st.files, 303);
	assert_int_equal(st.parsed, 300);
	assert_false(exists(".git/sanfen/issues.cache.delta"));
	expect(0, &st);
	assert_int_equal(st.cached, 303);
	for (i = 0; i < 300; i++) {
		snprintf(rel, sizeof(rel), "issues/2024/12/20241201-b%05d.yaml",
		    i);
		sf_change_remove(c, rel);
	}
	sf_msg_init(&msg, "test: 300 gone");
	assert_int_equal(sf_ledger_open(dir, &l), 0);
	assert_int_equal(sf_store_commit(l, c, &msg, NULL), 0);
	sf_ledger_free(l);
	sf_msg_release(&msg);
	sf_change_free(c);
	expect(1, &st);
	assert_int_equal(st.files, 3);

	/* a delta of another base is not used */
	commit(C, NULL);
	expect(0, &st);
	assert_true(exists(".git/sanfen/issues.cache.delta"));
	unlink(at(".git/sanfen/issues.cache"));
	expect(0, &st);
	assert_true(st.rebuilt);
	commit(C, issue_c);
	expect(1, &st);
	assert_int_equal(st.files, 3);
}

static void
damage(long off, const char *bytes, size_t n, int truncate_there)
{
	int fd = open(at(".git/sanfen/issues.cache"), O_RDWR);

	assert_true(fd >= 0);
	if (truncate_there)
		assert_int_equal(ftruncate(fd, off), 0);
	else
		assert_int_equal(pwrite(fd, bytes, n, off), (ssize_t)n);
	close(fd);
}

static void
test_damaged(void **state)
{
	struct sf_scan_stats st;
	struct stat cs;
	unsigned char len[4];
	long rec2;
	int fd;

	/* a base and no delta */
	unlink(at(".git/sanfen/issues.cache.delta"));
	unlink(at(".git/sanfen/issues.cache"));
	expect(1, &st);
	assert_true(st.rebuilt);
	cache_file(&cs);
	/* a flipped byte in the last record: that one from the tree */
	damage(cs.st_size - 40, "\x7f", 1, 0);
	expect(1, &st);
	assert_true(st.damaged);
	assert_int_equal(st.cached, 2);
	assert_int_equal(st.parsed, 1);
	expect(1, &st);
	assert_true(st.rebuilt);
	expect(1, &st);
	assert_int_equal(st.cached, 3);

	/* cut short at a record's end: the count in the header tells */
	assert_true((fd = open(at(".git/sanfen/issues.cache"), O_RDONLY)) >= 0);
	assert_int_equal(pread(fd, len, 4, 88), 4);
	close(fd);
	/* the header, the first record's head and body */
	rec2 = 88 + 12 + (long)(len[0] | len[1] << 8 | len[2] << 16 |
	    (unsigned long)len[3] << 24);
	damage(rec2, NULL, 0, 1);
	expect(1, &st);
	assert_true(st.damaged);
	assert_int_equal(st.cached, 1);
	assert_int_equal(st.parsed, 2);
	expect(1, &st);
	expect(1, &st);
	assert_int_equal(st.cached, 3);

	/* cut in the middle of a record */
	cache_file(&cs);
	damage(cs.st_size / 2, NULL, 0, 1);
	expect(1, &st);
	assert_true(st.damaged);
	expect(1, &st);
	expect(1, &st);
	assert_int_equal(st.cached, 3);

	/* a damaged header: rebuilt */
	damage(3, "X", 1, 0);
	expect(1, &st);
	assert_true(st.rebuilt);
	assert_int_equal(st.parsed, 3);

	/* the first record's length word promises too much */
	damage(88, "\xff\xff\xff\x7f", 4, 0);
	expect(1, &st);
	assert_true(st.damaged);
	assert_int_equal(st.parsed, 3);
	expect(1, &st);
	expect(1, &st);
	assert_int_equal(st.cached, 3);
}

static void
test_units_change(void **state)
{
	struct sf_scan_stats st;
	FILE *fp;

	expect(0, &st);
	/* how a file reads depends on units.yaml: another one, another key */
	assert_non_null(fp = fopen(at(SF_UNITS_PATH), "a"));
	fputs("# changed\n", fp);
	fclose(fp);
	expect(0, &st);
	assert_true(st.rebuilt);
	assert_int_equal(st.parsed, 3);
}

static void
test_invalid_and_others(void **state)
{
	struct sf_scan_stats st;
	char *t;

	commit("issues/2024/11/20241110-zzzzzz.yaml", "title: [unclosed\n");
	commit("issues/2024/11/notes.txt", "x\n");
	t = scan(0, &st);
	assert_int_equal(st.invalid, 1);
	assert_non_null(strstr(t, "20241110-zzzzzz.yaml invalid"));
	/* a misnamed file is not handed on: the ledger keeps it */
	assert_null(strstr(t, "notes.txt"));
	free(t);
	/* an invalid file is parsed, and reported, every time */
	t = scan(0, &st);
	assert_int_equal(st.invalid, 1);
	assert_int_equal(st.cached, 3);
	assert_false(st.written);
	assert_non_null(strstr(t, "20241110-zzzzzz.yaml invalid"));
	free(t);
	commit("issues/2024/11/20241110-zzzzzz.yaml", NULL);
	commit("issues/2024/11/notes.txt", NULL);
}

/* A scan's items and the problems the ledger kept, one line each: what
 * the readers name ("E" an error, "W" a warning) and the message. */
static char *
scan_problems(struct sf_scan_stats *st, char **items)
{
	struct sf_scan_problems *p;
	struct sf_ledger *l;
	struct sf_buf b;
	struct seen s;
	size_t i;

	sf_buf_init(&b);
	sf_buf_init(&s.text);
	s.full = 0;
	assert_int_equal(sf_ledger_open(dir, &l), 0);
	assert_int_equal(sf_issues_scan(l, NULL, record, &s, st), 0);
	/* a second scan in the same process names nothing twice */
	assert_int_equal(sf_issues_scan(l, NULL, record, &s, NULL), 0);
	for (i = 0; (p = sf_scan_problems(l)) && i < p->n; i++) {
		assert_non_null(strstr(p->v[i].msg, p->v[i].rel));
		sf_buf_addf(&b, "%c %s\n", p->v[i].warning ? 'W' : 'E',
		    p->v[i].msg);
	}
	sf_ledger_free(l);
	if (items)
		*items = sf_buf_detach(&s.text, NULL);
	else
		sf_buf_release(&s.text);
	return sf_buf_detach(&b, NULL);
}

#define STRAY_MSG ": not an issue file: issues are issues/YYYY/MM/<id>.yaml, " \
    "in the month of their id\n"

static void
test_problems(void **state)
{
	static const char want[] =
	    "W issues/2024/10/20241109-cccccc.yaml" STRAY_MSG
	    "W issues/2024/11/notes.txt" STRAY_MSG
	    "W issues/2024/11/x/20241110-dddddd.yaml" STRAY_MSG
	    "W issues/README.md" STRAY_MSG;
	struct sf_scan_stats st;
	char *t;
	int pass;

	/* misnamed: another month, another name, one folder too deep, the
	 * top; passed over: dot files and a writer's temporary file */
	commit("issues/2024/10/20241109-cccccc.yaml", issue_c);
	commit("issues/2024/11/notes.txt", "x\n");
	commit("issues/2024/11/x/20241110-dddddd.yaml", issue_c);
	commit("issues/README.md", "# issues\n");
	commit("issues/2024/11/.gitkeep", "");
	commit("issues/.hidden/20241110-eeeeee.yaml", issue_c);
	commit("issues/2024/11/20241110-ffffff.yaml.sanfen-tmp", issue_c);
	unlink(at(".git/sanfen/issues.cache.delta"));
	unlink(at(".git/sanfen/issues.cache"));
	/* from the blobs, from the cache, then from a delta */
	for (pass = 0; pass < 3; pass++) {
		if (pass == 2)
			commit(B, issue_b2);
		t = scan_problems(&st, NULL);
		assert_string_equal(t, want);
		free(t);
		assert_int_equal(st.files, 3);
		assert_int_equal(st.invalid, 0);
		assert_int_equal(st.cached, pass == 0 ? 0 : pass == 1 ? 3 : 2);
	}
	/* a misnamed file removed: no longer named */
	commit("issues/README.md", NULL);
	t = scan_problems(&st, NULL);
	assert_null(strstr(t, "README"));
	assert_non_null(strstr(t, "notes.txt"));
	free(t);
	commit("issues/2024/10/20241109-cccccc.yaml", NULL);
	commit("issues/2024/11/notes.txt", NULL);
	commit("issues/2024/11/x/20241110-dddddd.yaml", NULL);
	commit("issues/2024/11/.gitkeep", NULL);
	commit("issues/.hidden/20241110-eeeeee.yaml", NULL);
	commit("issues/2024/11/20241110-ffffff.yaml.sanfen-tmp", NULL);
	t = scan_problems(&st, NULL);
	assert_string_equal(t, "");
	free(t);
	commit(B, issue_b);
}

/* The loose object of blob id, as a path. */
static char *
object_path(const char *rel)
{
	struct sf_ledger *l;
	git_object *o;
	char hex[GIT_OID_HEXSZ + 1], spec[256];
	static char p[512];

	assert_int_equal(sf_ledger_open(dir, &l), 0);
	snprintf(spec, sizeof(spec), "HEAD:%s", rel);
	assert_int_equal(git_revparse_single(&o, l->repo, spec), 0);
	git_oid_tostr(hex, sizeof(hex), git_object_id(o));
	git_object_free(o);
	sf_ledger_free(l);
	snprintf(p, sizeof(p), "%s/.git/objects/%.2s/%s", dir, hex, hex + 2);
	return p;
}

static void
test_unreadable_blob(void **state)
{
	struct sf_scan_stats st;
	struct sf_buf good = SF_BUF_INIT;
	char *t, *items, *obj;
	int pass;
	FILE *fp;

	/* B's blob damaged in the object store before a scan met it */
	commit(B, issue_b2);
	obj = object_path(B);
	assert_int_equal(sf_buf_read_file(&good, obj, 1 << 20), 0);
	chmod(obj, 0644);
	assert_non_null(fp = fopen(obj, "w"));
	fputs("not an object", fp);
	fclose(fp);
	unlink(at(".git/sanfen/issues.cache.delta"));
	unlink(at(".git/sanfen/issues.cache"));
	/* from the blobs, from the cache, from a delta: named every time */
	for (pass = 0; pass < 3; pass++) {
		if (pass == 2)
			commit("issues/2024/11/notes.txt", "x\n");
		t = scan_problems(&st, &items);
		assert_non_null(strstr(t, "E cannot read " B ": "));
		assert_non_null(strstr(items, B " invalid\n"));
		assert_int_equal(st.files, 3);
		assert_int_equal(st.invalid, 1);
		free(t);
		free(items);
	}
	/* the object repaired: read again, and trusted */
	assert_non_null(fp = fopen(obj, "w"));
	fwrite(good.buf, 1, good.len, fp);
	fclose(fp);
	commit("issues/2024/11/notes.txt", NULL);
	t = scan_problems(&st, &items);
	assert_string_equal(t, "");
	assert_non_null(strstr(items, B " 20241009-abcdef"));
	assert_int_equal(st.invalid, 0);
	free(t);
	free(items);
	t = scan_problems(&st, NULL);
	assert_int_equal(st.cached, 3);
	free(t);
	sf_buf_release(&good);
	commit(B, issue_b);
}

static void
test_link(void **state)
{
	struct sf_buf cmd = SF_BUF_INIT;
	struct sf_scan_stats st;
	char *t, *items;
	int pass;

	/* an issue file committed as a symbolic link: not followed */
	sf_buf_addf(&cmd, "cd %s && ln -s ../10/20241008-aaaaaa.yaml "
	    "issues/2024/11/20241110-zzzzzz.yaml && git add issues && "
	    "git commit -qm link", dir);
	assert_int_equal(system(cmd.buf), 0);
	for (pass = 0; pass < 2; pass++) {
		t = scan_problems(&st, &items);
		assert_string_equal(t, "E cannot read "
		    "issues/2024/11/20241110-zzzzzz.yaml: a symbolic link "
		    "(not followed)\n");
		assert_non_null(strstr(items, "20241110-zzzzzz.yaml invalid"));
		assert_int_equal(st.invalid, 1);
		free(t);
		free(items);
	}
	sf_buf_release(&cmd);
	commit("issues/2024/11/20241110-zzzzzz.yaml", NULL);
}

/* A file deleted stays deleted however many deltas are written after,
 * and can come back. */
static void
test_deletion_kept(void **state)
{
	struct sf_scan_stats st;

	unlink(at(".git/sanfen/issues.cache.delta"));
	unlink(at(".git/sanfen/issues.cache"));
	expect(0, &st);
	commit(C, NULL);
	expect(0, &st);
	assert_int_equal(st.files, 2);
	commit(B, issue_b2);
	expect(0, &st);
	assert_int_equal(st.files, 2);
	assert_false(st.damaged);
	commit(B, issue_b);
	expect(0, &st);
	assert_int_equal(st.files, 2);
	/* back again: its record replaces the deletion */
	commit(C, issue_c);
	expect(0, &st);
	assert_int_equal(st.files, 3);
	expect(0, &st);
	assert_false(st.damaged);
	assert_int_equal(st.cached, 3);
}

/* A FIFO, or a symbolic link, where a cache file goes: not waited on, not
 * followed, replaced by the file the scan writes. */
static void
test_not_a_file(void **state)
{
	char target[] = "/tmp/sanfen-cache-target-XXXXXX";
	struct sf_scan_stats st;
	struct stat cs;
	int fd;

	alarm(20);	/* a scan that waits on a FIFO fails the test */
	unlink(at(".git/sanfen/issues.cache.delta"));
	unlink(at(".git/sanfen/issues.cache"));
	assert_int_equal(mkfifo(at(".git/sanfen/issues.cache"), 0644), 0);
	expect(0, &st);
	assert_true(st.rebuilt);
	assert_true(st.written);
	assert_int_equal(lstat(at(".git/sanfen/issues.cache"), &cs), 0);
	assert_true(S_ISREG(cs.st_mode));
	expect(0, &st);
	assert_int_equal(st.cached, 3);

	/* a FIFO as the delta, the base good */
	assert_int_equal(mkfifo(at(".git/sanfen/issues.cache.delta"), 0644),
	    0);
	commit(B, issue_b2);
	expect(0, &st);
	assert_false(st.rebuilt);
	assert_int_equal(st.parsed, 1);
	assert_int_equal(lstat(at(".git/sanfen/issues.cache.delta"), &cs), 0);
	assert_true(S_ISREG(cs.st_mode));

	/* a symbolic link to a file: the file is neither read nor written */
	assert_true((fd = mkstemp(target)) >= 0);
	assert_int_equal(write(fd, "not a cache", 11), 11);
	close(fd);
	unlink(at(".git/sanfen/issues.cache.delta"));
	unlink(at(".git/sanfen/issues.cache"));
	assert_int_equal(symlink(target, at(".git/sanfen/issues.cache")), 0);
	expect(0, &st);
	assert_true(st.rebuilt);
	assert_int_equal(lstat(at(".git/sanfen/issues.cache"), &cs), 0);
	assert_true(S_ISREG(cs.st_mode));
	assert_int_equal(stat(target, &cs), 0);
	assert_int_equal(cs.st_size, 11);
	unlink(target);
	alarm(0);
	commit(B, issue_b);
}

static int
count_ids(struct sf_ledger *l, struct sf_scan_item *it, void *ctx)
{
	struct sf_buf *b = ctx;

	sf_buf_addf(b, "%s%s", b->len ? " " : "", it->is ? it->id : "invalid");
	return 0;
}

static char *
where(unsigned status, const char *from, const char *to,
    struct sf_scan_stats *st)
{
	struct sf_scan_where w = { .status = status, .from = from, .to = to };
	struct sf_ledger *l;
	struct sf_buf b;

	sf_buf_init(&b);
	assert_int_equal(sf_ledger_open(dir, &l), 0);
	assert_int_equal(sf_issues_scan(l, &w, count_ids, &b, st), 0);
	sf_ledger_free(l);
	return sf_buf_detach(&b, NULL);
}

static char *
where_open(const char *before, struct sf_scan_stats *st)
{
	struct sf_scan_where w = { .open_before = before };
	struct sf_ledger *l;
	struct sf_buf b;

	sf_buf_init(&b);
	assert_int_equal(sf_ledger_open(dir, &l), 0);
	assert_int_equal(sf_issues_scan(l, &w, count_ids, &b, st), 0);
	sf_ledger_free(l);
	return sf_buf_detach(&b, NULL);
}

static void
test_where(void **state)
{
	struct sf_scan_stats st;
	char *t;
	int pass;

	commit(B, issue_b);
	/* once from the blobs (a rebuild), once from the cache */
	unlink(at(".git/sanfen/issues.cache.delta"));
	unlink(at(".git/sanfen/issues.cache"));
	for (pass = 0; pass < 2; pass++) {
		t = where(1u << SF_ST_ACCEPTED, NULL, NULL, &st);
		assert_string_equal(t, "20241009-abcdef");
		free(t);
		assert_int_equal(st.files, 3);
		assert_int_equal(st.cached, pass ? 3 : 0);
		t = where(1u << SF_ST_SUBMITTED | 1u << SF_ST_COORDINATED,
		    NULL, NULL, &st);
		assert_string_equal(t, "20241008-aaaaaa 20241109-bbbbbb");
		free(t);
		t = where(0, "2024-10-09", "2024-11-09", &st);
		assert_string_equal(t, "20241009-abcdef 20241109-bbbbbb");
		free(t);
		t = where(0, NULL, "2024-10-08", &st);
		assert_string_equal(t, "20241008-aaaaaa");
		free(t);
		t = where(1u << SF_ST_CLOSED, NULL, NULL, &st);
		assert_string_equal(t, "");
		free(t);
		/* an open task due before: A's falls due on 2024-11-30 */
		t = where_open("2024-12-01", &st);
		assert_string_equal(t, "20241008-aaaaaa");
		free(t);
		t = where_open("2024-11-30", &st);
		assert_string_equal(t, "");
		free(t);
	}
	/* an invalid file is handed on whatever the where */
	commit("issues/2024/11/20241110-zzzzzz.yaml", "title: [unclosed\n");
	for (pass = 0; pass < 2; pass++) {
		t = where(1u << SF_ST_CLOSED, NULL, NULL, &st);
		assert_string_equal(t, "invalid");
		free(t);
	}
	commit("issues/2024/11/20241110-zzzzzz.yaml", NULL);
}

static void
test_off(void **state)
{
	struct sf_scan_stats st;
	struct stat cs;
	struct sf_ledger *l;
	struct seen s;

	unlink(at(".git/sanfen/issues.cache"));
	setenv("SANFEN_CACHE", "off", 1);
	sf_buf_init(&s.text);
	s.full = 0;
	assert_int_equal(sf_ledger_open(dir, &l), 0);
	assert_int_equal(sf_issues_scan(l, NULL, record, &s, &st), 0);
	sf_ledger_free(l);
	sf_buf_release(&s.text);
	unsetenv("SANFEN_CACHE");
	assert_int_equal(st.parsed, 3);
	assert_false(st.written);
	assert_int_equal(stat(at(".git/sanfen/issues.cache"), &cs), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rebuild_then_cached),
		cmocka_unit_test(test_commits),
		cmocka_unit_test(test_work_tree_not_read),
		cmocka_unit_test(test_delta),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_units_change),
		cmocka_unit_test(test_invalid_and_others),
		cmocka_unit_test(test_where),
		cmocka_unit_test(test_deletion_kept),
		cmocka_unit_test(test_problems),
		cmocka_unit_test(test_unreadable_blob),
		cmocka_unit_test(test_link),
		cmocka_unit_test(test_not_a_file),
		cmocka_unit_test(test_off),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
