/* Unit tests: lib/minutes.c, recording what a meeting decided and the
 * 纪要 built from it, on a real ledger holding the agenda's issues */
#include <git2.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "agenda.h"
#include "arena.h"
#include "buf.h"
#include "config.h"
#include "doc.h"
#include "enums.h"
#include "error.h"
#include "issue.h"
#include "ledger.h"
#include "meeting.h"
#include "minutes.h"
#include "store.h"
#include "units.h"
#include "yamlio.h"

#define K3 "20241008-k3f9qa"	/* 码头工程用海审批, coordinated */
#define W7 "20241009-w7m2xd"	/* 产业园建设用地指标, submitted */
#define MID "2024-10-15-monthly"

static char dir[] = "/tmp/sanfen-minutes-XXXXXX";
static struct sf_ledger *ledger;

static int
setup(void **state)
{
	static const char *const files[] = { "coordinated", "submitted" };
	static const char *const ids[] = { K3, W7 };
	const char *build = getenv("SANFEN_BUILD");
	struct sf_change *c;
	struct sf_msg msg;
	struct sf_buf in;
	char path[4096];
	size_t i;
	int rc;

	(void)state;
	setenv("GIT_AUTHOR_NAME", "test", 1);
	setenv("GIT_AUTHOR_EMAIL", "t@example", 1);
	setenv("GIT_COMMITTER_NAME", "test", 1);
	setenv("GIT_COMMITTER_EMAIL", "t@example", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", "/nonexistent", 1);
	setenv("SANFEN_TODAY", "2024-10-15", 1);
	unsetenv("SANFEN_DIR");
	git_libgit2_init();
	if (!mkdtemp(dir))
		return -1;
	c = sf_change_new();
	sf_change_put(c, SF_CONFIG_PATH, sf_default_config_yaml,
	    strlen(sf_default_config_yaml));
	sf_change_put(c, SF_UNITS_PATH, sf_default_units_yaml,
	    strlen(sf_default_units_yaml));
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/tests/unit/data/issue/%s.yaml",
		    build ? build : ".", files[i]);
		sf_buf_init(&in);
		if (sf_buf_read_file(&in, path, 1 << 20) < 0)
			return -1;
		snprintf(path, sizeof(path), "issues/2024/10/%s.yaml", ids[i]);
		sf_change_put(c, path, in.buf, in.len);
		sf_buf_release(&in);
	}
	sf_msg_init(&msg, "init");
	rc = sf_store_init(dir, c, &msg, NULL);
	sf_msg_release(&msg);
	sf_change_free(c);
	return rc < 0 ? rc : sf_ledger_open(dir, &ledger);
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	sf_ledger_free(ledger);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	git_libgit2_shutdown();
	return system(cmd) == 0 ? 0 : -1;
}

/* The approved agenda of the monthly meeting of 2024-10-15: the two
 * issues, nothing recorded yet. */
static struct sf_meeting *
agenda(void)
{
	struct sf_meeting *m = sf_meeting_new();

	m->id = MID;
	m->kind = SF_MK_MONTHLY;
	m->date = "2024-10-15";
	m->status = SF_MS_APPROVED;
	m->convener = "省政府分管副秘书长";
	m->nitems = 2;
	m->items = sf_arena_alloc(m->arena, 2 * sizeof(*m->items));
	memset(m->items, 0, 2 * sizeof(*m->items));
	m->items[0].issue = K3;
	m->items[1].issue = W7;
	return m;
}

/* sf_minutes_record of text into m; the findings into d. */
static int
record(struct sf_meeting *m, const char *text, struct sf_diags *d)
{
	struct sf_node *root;

	sf_diags_init(d);
	assert_int_equal(sf_yaml_load(m->arena, "minutes.yaml", text,
	    strlen(text), &sf_yaml_meeting_limits, 0, &root), 0);
	return sf_minutes_record(m, "minutes.yaml", root, ledger->units, d);
}

static const char minutes_yaml[] =
    "held: 2024-10-15\n"
    "chair: 省政府副秘书长\n"
    "attendees: [tf-drc, {unit: dept-nr, person: 王敏}]\n"
    "observers: [宁波]\n"
    "items:\n"
    "  - issue: 20241009\n"	/* a prefix naming one item */
    "    deferred: true\n"
    "  - issue: " K3 "\n"
    "    decision: 由省自然资源厅牵头加快用海报部审查。\n"
    "    tasks:\n"
    "      - action: 加快用海报部审查\n"
    "        lead: dept-nr\n"
    "        support: [ningbo]\n"
    "        due: 2024-11-30\n"
    "      - action: 同步推进环评审批\n"
    "        lead: 省生态环境厅\n"
    "        due: 2024-12-31\n";

static void
test_numbers(void **state)
{
	static const struct {
		int n;
		const char *zh;
	} zh[] = { { 0, "零" }, { 1, "一" }, { 9, "九" }, { 10, "十" },
		{ 12, "十二" }, { 20, "二十" }, { 35, "三十五" },
		{ 99, "九十九" }, { 100, "100" } };
	struct sf_buf b;
	char *s;
	size_t i;

	(void)state;
	sf_buf_init(&b);
	for (i = 0; i < sizeof(zh) / sizeof(zh[0]); i++) {
		sf_buf_reset(&b);
		sf_zh_numeral(zh[i].n, &b);
		assert_string_equal(b.buf, zh[i].zh);
	}
	sf_buf_release(&b);
	s = sf_minutes_number("〔{year}〕{n}号", "2024", 10);
	assert_string_equal(s, "〔2024〕10号");
	free(s);
	s = sf_minutes_number("第{n}期（{year}年）{", "2025", 3);
	assert_string_equal(s, "第3期（2025年）{");
	free(s);
}

static void
test_record(void **state)
{
	struct sf_meeting *m = agenda();
	struct sf_diags d;
	const struct sf_task *t;

	(void)state;
	assert_int_equal(record(m, minutes_yaml, &d), 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(m->held, "2024-10-15");
	assert_string_equal(m->chair, "省政府副秘书长");
	assert_int_equal(m->nattendees, 2);
	assert_string_equal(m->attendees[0].unit, "tf-drc");
	assert_null(m->attendees[0].person);
	assert_string_equal(m->attendees[1].unit, "dept-nr");
	assert_string_equal(m->attendees[1].person, "王敏");
	/* a unit by its short name is stored by id */
	assert_int_equal(m->nobservers, 1);
	assert_string_equal(m->observers[0].unit, "ningbo");
	assert_int_equal(m->nabsent, 0);

	/* the decision and its tasks, numbered in order */
	assert_string_equal(m->items[0].decision,
	    "由省自然资源厅牵头加快用海报部审查。");
	assert_int_equal(m->items[0].deferred, 0);
	assert_int_equal(m->items[0].ntasks, 2);
	t = &m->items[0].tasks[0];
	assert_int_equal(t->no, 1);
	assert_string_equal(t->action, "加快用海报部审查");
	assert_string_equal(t->lead, "dept-nr");
	assert_int_equal(t->nsupport, 1);
	assert_string_equal(t->support[0], "ningbo");
	assert_string_equal(t->due, "2024-11-30");
	assert_int_equal(t->status, SF_TASK_OPEN);
	t = &m->items[0].tasks[1];
	assert_int_equal(t->no, 2);
	assert_string_equal(t->lead, "dept-eco");
	assert_int_equal(t->nsupport, 0);
	assert_string_equal(t->due, "2024-12-31");
	/* deferred: nothing decided */
	assert_int_equal(m->items[1].deferred, 1);
	assert_null(m->items[1].decision);
	assert_int_equal(m->items[1].ntasks, 0);
	sf_diags_clear(&d);
	sf_meeting_free(m);
}

/* The findings of d as "line:column key: message" lines (list indices
 * count from 1, as the messages do). */
static char *
findings(const struct sf_diags *d)
{
	struct sf_buf b;
	size_t i;

	sf_buf_init(&b);
	for (i = 0; i < d->n; i++)
		sf_buf_addf(&b, "%u:%u %s: %s\n", d->v[i].line, d->v[i].col,
		    d->v[i].field ? d->v[i].field : "", d->v[i].msg);
	return sf_buf_detach(&b, NULL);
}

static void
refused(const char *text, const char *want)
{
	struct sf_meeting *m = agenda();
	struct sf_diags d;
	char *got;

	assert_int_equal(record(m, text, &d), SF_EINVALID);
	got = findings(&d);
	if (strcmp(got, want) != 0)
		fail_msg("\n got:\n%swant:\n%s", got, want);
	free(got);
	sf_diags_clear(&d);
	sf_meeting_free(m);
}

static void
test_record_refused(void **state)
{
	(void)state;
	refused("chair: x\n",
	    "0:0 held: required (the date the meeting was held)\n"
	    "0:0 items: required: answer every agenda item\n");
	refused("held: 2024-10-15\nitems:\n"
	    "  - issue: 2024100\n"
	    "    deferred: true\n"
	    "  - issue: 20240101-zzzzzz\n"
	    "    deferred: true\n"
	    "  - issue: " K3 "\n"
	    "    tasks: []\n"
	    "  - issue: " K3 "\n"
	    "    deferred: true\n",
	    "3:12 items[1].issue: '2024100' names several agenda items\n"
	    "5:12 items[2].issue: issue 20240101-zzzzzz is not on the "
	    "agenda of " MID "\n"
	    "7:5 items[3].decision: required (会议议定意见), or deferred: "
	    "true\n"
	    "9:5 items[4]: issue " K3 " is answered twice\n"
	    "3:3 items: agenda item 2 (issue " W7 ") is not answered: give "
	    "a decision or deferred: true\n");
	refused("held: 2024-10-15\nitems:\n"
	    "  - issue: " W7 "\n"
	    "    deferred: true\n"
	    "    decision: 不应有\n"
	    "  - issue: " K3 "\n"
	    "    decision: 议定\n"
	    "    tasks:\n"
	    "      - action: 报部\n"
	    "      - lead: dept-nr\n"
	    "        due: 2024-11-30\n",
	    "3:5 items[1]: a deferred item has no decision or tasks\n"
	    "9:9 items[2].tasks[1].lead: required (牵头单位)\n"
	    "9:9 items[2].tasks[1].due: required (完成时限)\n"
	    "10:9 items[2].tasks[2].action: required\n");
}

static void
test_template(void **state)
{
	struct sf_meeting *m = agenda();
	struct sf_buf out;

	(void)state;
	sf_buf_init(&out);
	sf_minutes_template(ledger, m, &out);
	assert_string_equal(out.buf,
	    "# The minutes of " MID "; see sanfen-minutes(1).\n"
	    "# Answer every item with a decision and its tasks, or with\n"
	    "# deferred: true. Units by id or name; dates YYYY-MM-DD.\n"
	    "held: 2024-10-15\nchair: 省政府分管副秘书长\n"
	    "attendees: []   # 出席\nobservers: []   # 列席\n"
	    "absent: []      # 请假\nitems:\n"
	    "  - issue: " K3 "\n"
	    "    # 宁波舟山港梅山港区某集装箱码头工程用海审批\n"
	    "    decision: |   # 会议议定意见\n\n"
	    "    tasks:\n      - action:\n        lead:\n"
	    "        support: []\n        due:\n"
	    "  - issue: " W7 "\n"
	    "    # 温州某民营高端装备产业园项目建设用地指标\n"
	    "    decision: |   # 会议议定意见\n\n"
	    "    tasks:\n      - action:\n        lead:\n"
	    "        support: []\n        due:\n");
	sf_buf_release(&out);
	sf_meeting_free(m);
}

#define HEAD \
	"# 全省“三分”机制例会纪要\n\n"
#define ISSUERS "大办公厅专班　大发改专班"
#define BODY \
	"2024年10月15日，省政府副秘书长主持召开月度协调例会，协调“三分”" \
	"机制问题1个，通报以往例会协调问题销号和事项落实情况。\n\n" \
	"会议议定事项如下：\n\n" \
	"### 一、关于宁波舟山港梅山港区某集装箱码头工程用海审批问题\n\n" \
	"由省自然资源厅牵头加快用海报部审查。\n\n" \
	"因时间关系，以下议题顺延至下次例会协调：“温州某民营高端装备产业" \
	"园项目建设用地指标”。\n\n" \
	"### 二、通报以往例会协调问题销号和事项落实情况\n\n"
#define PEOPLE \
	"附件：事项落实责任清单\n\n" \
	"**出席：**省发展改革委推进落实中心工作专班，浙江省自然资源厅王敏" \
	"\n\n" \
	"**列席：**宁波市人民政府\n\n"
#define COPY_TO \
	"抄送：省委办公厅，省人大常委会办公厅，省政府办公厅，省政协办公厅。"
#define ATTACHMENT \
	"## 事项落实责任清单\n\n" \
	"| 序号 | 会议议定事项 | 牵头单位 | 配合单位 | 完成时限 | " \
	"关联问题编号 |\n" \
	"|---|---|---|---|---|---|\n" \
	"| 1 | 加快用海报部审查 | 浙江省自然资源厅 | 宁波 | 2024年11月30日 " \
	"| " K3 " |\n" \
	"| 2 | 同步推进环评审批 | 浙江省生态环境厅 |  | 2024年12月31日 " \
	"| " K3 " |\n"

static void
test_doc(void **state)
{
	struct sf_meeting *m = agenda();
	struct sf_briefing b;
	struct sf_diags d;
	struct sf_doc doc;
	struct sf_buf out;

	(void)state;
	assert_int_equal(record(m, minutes_yaml, &d), 0);
	sf_diags_clear(&d);

	/* the draft: no number yet, dated the day held; no minutes issued
	 * before it in this ledger */
	assert_int_equal(sf_briefing_collect(ledger, m->held, &b), 0);
	sf_doc_init(&doc);
	sf_minutes_doc(ledger, m, &b, &doc);
	sf_buf_init(&out);
	sf_doc_md(&doc, &out);
	assert_string_equal(out.buf, HEAD
	    "**（代拟稿）**\n\n"
	    ISSUERS "　　2024年10月15日\n\n---\n\n"
	    BODY
	    "此前无已印发纪要的例会。\n\n"
	    PEOPLE
	    "---\n\n" COPY_TO "\n\n"
	    ISSUERS "　　2024年10月15日印发\n\n---\n\n\n"
	    "附件\n\n"
	    ATTACHMENT);
	sf_doc_release(&doc);
	sf_briefing_clear(&b);

	/* issued, with a 通报 of an earlier meeting and an overdue task */
	memset(&b, 0, sizeof(b));
	b.nm = 1;
	b.m = calloc(1, sizeof(*b.m));
	assert_non_null(b.m);
	memcpy(b.m[0].date, "2024-09-20", SF_DATE_LEN + 1);
	b.m[0].coordinated = 3;
	b.m[0].closed = 1;
	b.m[0].tasks = 5;
	b.m[0].tasks_done = 2;
	b.no = 1;
	b.o = calloc(1, sizeof(*b.o));
	assert_non_null(b.o);
	b.o[0].issue = "20240902-k8d3fs";
	b.o[0].action = "研究提出分担比例方案";
	b.o[0].lead = "dept-drc";
	b.o[0].days = 12;
	m->number = "〔2024〕10号";
	m->issued = "2024-10-18";
	sf_doc_init(&doc);
	sf_minutes_doc(ledger, m, &b, &doc);
	sf_buf_reset(&out);
	sf_doc_md(&doc, &out);
	assert_string_equal(out.buf, HEAD
	    "**〔2024〕10号**\n\n"
	    ISSUERS "　　2024年10月18日\n\n---\n\n"
	    BODY
	    "2024年9月20日例会协调问题3个，已销号1个；议定事项5项，已完成"
	    "2项。\n\n"
	    "截至2024年10月15日，逾期未完成事项1项：浙江省发展和改革委员会"
	    "牵头的“研究提出分担比例方案”（20240902-k8d3fs，逾期12天）。"
	    "请责任单位抓紧落实。\n\n"
	    PEOPLE
	    "---\n\n" COPY_TO "\n\n"
	    ISSUERS "　　2024年10月18日印发\n\n---\n\n\n"
	    "附件\n\n"
	    ATTACHMENT);
	sf_doc_release(&doc);
	free(b.m);
	free(b.o);
	sf_buf_release(&out);
	sf_meeting_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_record),
		cmocka_unit_test(test_record_refused),
		cmocka_unit_test(test_template),
		cmocka_unit_test(test_doc),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
