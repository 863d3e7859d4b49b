/* Unit tests: lib/meeting.c */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "buf.h"
#include "enums.h"
#include "error.h"
#include "meeting.h"
#include "lifecycle.h"
#include "reader.h"
#include "units.h"
#include "yamlio.h"

#define F "meetings/2024/2024-10-15-monthly.yaml"
#define HEAD "id: 2024-10-15-monthly\nkind: monthly\ndate: 2024-10-15\n"
/* a held meeting: the items and people follow from line 7 */
#define HELD HEAD "status: held\nheld: 2024-10-15\nitems:\n"

static struct sf_units *units;

static int
setup(void **state)
{
	return sf_units_parse("units.yaml", sf_default_units_yaml,
	    strlen(sf_default_units_yaml), &units);
}

static int
teardown(void **state)
{
	sf_units_free(units);
	return 0;
}

static char *
read_data(const char *name)
{
	const char *build = getenv("SANFEN_BUILD");
	struct sf_buf path = SF_BUF_INIT, in = SF_BUF_INIT;

	sf_buf_addf(&path, "%s/tests/unit/data/meeting/%s",
	    build ? build : ".", name);
	if (sf_buf_read_file(&in, path.buf, SF_MEETING_MAX_BYTES) < 0)
		fail_msg("cannot read %s", path.buf);
	sf_buf_release(&path);
	return sf_buf_detach(&in, NULL);
}

static struct sf_meeting *
parse_ok(const char *file, const char *text, const struct sf_units *u)
{
	struct sf_meeting *m = NULL;

	if (sf_meeting_parse(file, text, strlen(text), u, &m) < 0)
		fail_msg("%s: %s", file, sf_error_message());
	assert_non_null(m);
	return m;
}

static char *
emit(const struct sf_meeting *m)
{
	struct sf_buf out = SF_BUF_INIT;

	assert_int_equal(sf_meeting_emit(m, &out), 0);
	return sf_buf_detach(&out, NULL);
}

static void
round_trip(const char *name, const char *file)
{
	char *in = read_data(name), *out, *again;
	struct sf_meeting *m = parse_ok(file, in, units), *m2;

	out = emit(m);
	if (strcmp(out, in) != 0)
		fail_msg("%s: emitted\n%s", name, out);
	m2 = parse_ok(file, out, NULL);
	again = emit(m2);
	assert_string_equal(again, in);
	sf_meeting_free(m);
	sf_meeting_free(m2);
	free(in);
	free(out);
	free(again);
}

static void
test_round_trips(void **state)
{
	round_trip("draft.yaml", "meetings/2024/2024-11-19-monthly.yaml");
	round_trip("held.yaml", "meetings/2024/2024-12-27-semiannual.yaml");
	round_trip("issued.yaml", F);
}

static void
test_fields(void **state)
{
	char *in = read_data("issued.yaml");
	struct sf_meeting *m = parse_ok(F, in, units);
	const struct sf_item *it;

	assert_string_equal(m->id, "2024-10-15-monthly");
	assert_int_equal(m->kind, SF_MK_MONTHLY);
	assert_string_equal(m->date, "2024-10-15");
	assert_int_equal(m->status, SF_MS_ISSUED);
	assert_string_equal(m->convener, "省政府分管副秘书长");
	assert_int_equal(m->norganisers, 2);
	assert_string_equal(m->organisers[0], "tf-office");
	assert_int_equal(m->nitems, 2);
	it = &m->items[0];
	assert_string_equal(it->issue, "20241008-k3f9qa");
	assert_string_equal(it->decision, "由省自然资源厅牵头，"
	    "加快用海报部审查，协调自然资源部提前介入；\n"
	    "省生态环境厅同步推进环评审批。\n");
	assert_false(it->deferred);
	assert_int_equal(it->ntasks, 2);
	assert_int_equal(it->tasks[1].no, 2);
	assert_string_equal(it->tasks[1].lead, "dept-eco");
	assert_int_equal(it->tasks[1].nsupport, 2);
	assert_string_equal(it->tasks[1].due, "2024-12-31");
	it = &m->items[1];
	assert_true(it->deferred);
	assert_null(it->decision);
	assert_int_equal(it->ntasks, 0);
	assert_string_equal(m->held, "2024-10-15");
	assert_string_equal(m->chair, "省政府副秘书长 张伟");
	assert_int_equal(m->nattendees, 4);
	assert_string_equal(m->attendees[2].unit, "dept-nr");
	assert_string_equal(m->attendees[2].person, "副厅长 陈明");
	assert_null(m->attendees[0].person);
	assert_int_equal(m->nobservers, 2);
	assert_int_equal(m->nabsent, 1);
	assert_string_equal(m->absent[0].person, "副厅长 刘洋");
	assert_string_equal(m->approved, "2024-10-16");
	assert_string_equal(m->number, "〔2024〕10号");
	assert_string_equal(m->issued, "2024-10-18");
	sf_meeting_free(m);
	free(in);
}

/* Names become ids and tokens; people without a person are plain ids. */
static void
test_names(void **state)
{
	static const char text[] =
	    "id: 2024-10-15-monthly\n"
	    "kind: 月度\n"
	    "date: 2024-10-15\n"
	    "status: 已召开\n"
	    "organisers: [大办公厅专班, 大发改专班]\n"
	    "items:\n"
	    "- issue: 20241008-k3f9qa\n"
	    "  decision: 加快报部审查。\n"
	    "  tasks:\n"
	    "  - {no: 1, action: 报部审查, lead: 省自然资源厅, "
	    "support: [宁波], due: '2024-11-30'}\n"
	    "- issue: 20241009-abcdef\n"
	    "  deferred: false\n"
	    "held: 2024-10-15\n"
	    "attendees:\n"
	    "- {unit: 省发改委}\n"
	    "- {unit: 省自然资源厅, person: 副厅长}\n"
	    "- {unit: 省生态环境厅, person: ~}\n"
	    "observers: [宁波市人民政府]\n"
	    "absent: ~\n";
	struct sf_meeting *m = parse_ok(F, text, units);
	char *out = emit(m);

	assert_string_equal(out,
	    "id: 2024-10-15-monthly\n"
	    "kind: monthly\n"
	    "date: 2024-10-15\n"
	    "status: held\n"
	    "organisers: [tf-office, tf-drc]\n"
	    "items:\n"
	    "- issue: 20241008-k3f9qa\n"
	    "  decision: 加快报部审查。\n"
	    "  tasks:\n"
	    "  - 'no': 1\n"
	    "    action: 报部审查\n"
	    "    lead: dept-nr\n"
	    "    support: [ningbo]\n"
	    "    due: 2024-11-30\n"
	    "- issue: 20241009-abcdef\n"
	    "held: 2024-10-15\n"
	    "attendees:\n"
	    "- dept-drc\n"
	    "- unit: dept-nr\n"
	    "  person: 副厅长\n"
	    "- dept-eco\n"
	    "observers:\n"
	    "- ningbo\n");
	free(out);
	sf_meeting_free(m);
	/* an empty draft writes its empty agenda */
	m = parse_ok("m.yaml", HEAD "status: draft\n", units);
	out = emit(m);
	assert_string_equal(out, HEAD "status: draft\nitems: []\n");
	free(out);
	sf_meeting_free(m);
}

/* Every finding of text, one per line. */
static char *
findings(const char *file, const char *text)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_buf out = SF_BUF_INIT;
	struct sf_meeting *m = sf_meeting_new();
	struct sf_node *root;
	size_t i;

	sf_diags_init(&d);
	if (sf_yaml_load(a, file, text, strlen(text), &sf_yaml_meeting_limits,
	    0, &root) < 0)
		fail_msg("%s", sf_error_message());
	sf_meeting_from_node(m, file, root, units, &d);
	for (i = 0; i < d.n; i++) {
		char *s = sf_diag_string(&d.v[i]);

		sf_buf_addf(&out, "%s\n", s);
		free(s);
	}
	sf_diags_clear(&d);
	sf_meeting_free(m);
	sf_arena_free(a);
	return sf_buf_detach(&out, NULL);
}

static void
all_in(const char *file, const char *text, const char *want)
{
	char *got = findings(file, text);

	if (strcmp(got, want) != 0) {
		fprintf(stderr, "got:\n%swant:\n%s", got, want);
		fail();
	}
	free(got);
}

#define all(text, want) all_in(F, text, want)

static void
test_findings(void **state)
{
	all(HEAD "status: draft\n", "");
	all(HEAD "status: started\ncolour: red\n",
	    F ":5:1: unknown key 'colour'\n"
	    F ":4:9: status: unknown status 'started' (expected draft, "
	    "proposed, approved, held, minutes-approved, issued)\n");
	all("status: draft\n",
	    F ": kind: required\n"
	    F ": date: required\n"
	    F ": id: required\n");
	all("id: 2024-10-15-weekly\nkind: weekly\ndate: 2024-02-30\n"
	    "status: draft\n",
	    F ":2:7: kind: unknown kind 'weekly' (expected monthly, "
	    "semiannual, annual, special)\n"
	    F ":3:7: date: invalid date '2024-02-30' (expected YYYY-MM-DD)\n"
	    F ":1:5: id: malformed meeting id '2024-10-15-weekly' (expected "
	    "YYYY-MM-DD-kind)\n");
	all("id: 2024-10-16-monthly\nkind: monthly\ndate: 2024-10-15\n"
	    "status: draft\n",
	    F ":1:5: id: '2024-10-16-monthly' does not match date and kind "
	    "(2024-10-15-monthly)\n");
	all("id: 2024-10-15-monthly\nkind: special\ndate: 2024-10-15\n"
	    "status: draft\n",
	    F ":1:5: id: '2024-10-15-monthly' does not match date and kind "
	    "(2024-10-15-special)\n");
	all_in("meetings/2024/2024-10-16-monthly.yaml", HEAD "status: draft\n",
	    "meetings/2024/2024-10-16-monthly.yaml:1:5: id: "
	    "'2024-10-15-monthly' does not match the file name "
	    "2024-10-16-monthly.yaml\n");
	all(HEAD "status: draft\nconvener: [a]\nchair: 2024\n"
	    "organisers: [tf-drc, 大发改专班, 上海]\n",
	    F ":5:11: convener: expected text, not a list\n"
	    F ":7:22: organisers[2]: unit 'tf-drc' is listed twice\n"
	    F ":7:29: organisers[3]: unknown unit '上海'\n"
	    F ":6:8: chair: '2024' is not text: write it in quotes\n");
	/* agenda items */
	all(HEAD "status: draft\nitems:\n- issue: 20241008-k3f9qa\n"
	    "- issue: 20241008-k3f9qa\n- issue: x\n- {}\n- ~\n- a\n"
	    "- {issue: 20241009-abcdef, note: x}\n",
	    F ":7:10: items[2].issue: issue 20241008-k3f9qa is already "
	    "items[1]\n"
	    F ":8:10: items[3].issue: malformed issue id 'x'\n"
	    F ":9:3: items[4].issue: required\n"
	    F ":10:3: items[5]: empty entry\n"
	    F ":11:3: items[6]: expected a mapping of keys to values\n"
	    F ":12:28: items[7]: unknown key 'note'\n");
	all(HELD "- issue: 20241008-k3f9qa\n  deferred: true\n  decision: x\n"
	    "- issue: 20241009-abcdef\n  deferred: 1\n"
	    "- issue: 20241010-abcdef\n  tasks:\n"
	    "  - {no: 1, action: a, lead: dept-nr, due: 2024-11-30}\n",
	    F ":7:3: items[1]: a deferred item has no decision or tasks\n"
	    F ":11:13: items[2].deferred: must be true or false\n"
	    F ":12:3: items[3].decision: required with tasks "
	    "(会议议定意见)\n");
	all(HELD "- issue: 20241008-k3f9qa\n  decision: x\n  tasks:\n"
	    "  - {no: 1, action: a, lead: dept-nr, due: 2024-11-30, "
	    "status: open}\n"
	    "  - {no: 1, action: b, lead: dept-nr, due: 2024-11-31}\n"
	    "  - {action: c, lead: 上海}\n",
	    F ":10:56: items[1].tasks[1]: unknown key 'status'\n"
	    F ":11:44: items[1].tasks[2].due: invalid date '2024-11-31' "
	    "(expected YYYY-MM-DD)\n"
	    F ":12:23: items[1].tasks[3].lead: unknown unit '上海'\n"
	    F ":11:10: items[1].tasks[2].no: 1 is also the number of "
	    "items[1].tasks[1]\n"
	    F ":12:5: items[1].tasks[3].no: required (序号)\n"
	    F ":12:5: items[1].tasks[3].due: required (完成时限)\n");
	/* people */
	all(HEAD "status: draft\nattendees: [上海, tf-drc, 大发改专班, ~, "
	    "{person: x}, {unit: dept-nr, person: [a]}, [b]]\n",
	    F ":5:13: attendees[1]: unknown unit '上海'\n"
	    F ":5:25: attendees[3]: unit 'tf-drc' is listed twice\n"
	    F ":5:32: attendees[4]: empty entry\n"
	    F ":5:35: attendees[5].unit: required\n"
	    F ":5:72: attendees[6].person: expected text, not a list\n"
	    F ":5:78: attendees[7]: expected a mapping of keys to values\n");
	/* what each status requires and rules out */
	all(HEAD "status: held\n",
	    F ":4:9: held: required when status is held\n");
	all(HEAD "status: issued\nheld: 2024-10-15\n",
	    F ":4:9: number: required when status is issued\n"
	    F ":4:9: issued: required when status is issued\n");
	all(HEAD "status: minutes-approved\nheld: 2024-10-15\n", "");
	all(HEAD "status: approved\nitems:\n- issue: 20241008-k3f9qa\n"
	    "  deferred: true\nheld: 2024-10-15\napproved: 2024-10-16\n"
	    "number: 〔2024〕10号\nissued: 2024-10-18\n",
	    F ":6:3: items[1]: only a held meeting decides its items (status "
	    "is approved)\n"
	    F ":8:1: held: only a held meeting has a held date (status is "
	    "approved)\n"
	    F ":9:1: approved: only approved minutes have an approval date "
	    "(status is approved)\n"
	    F ":10:1: number: only issued minutes have a number (status is "
	    "approved)\n"
	    F ":11:1: issued: only issued minutes have an issue date (status "
	    "is approved)\n");
}

static void
test_parse_errors(void **state)
{
	struct sf_meeting *m = (struct sf_meeting *)&m;
	static const char text[] = HEAD "status: held\nitems: [x]\n";

	assert_int_equal(sf_meeting_parse("m.yaml", text, strlen(text),
	    units, &m), SF_EINVALID);
	assert_null(m);
	assert_string_equal(sf_error_message(), "m.yaml:5:9: items[1]: "
	    "expected a mapping of keys to values (and 1 more)");
	assert_int_equal(sf_meeting_load("/nonexistent", "m.yaml", units, &m),
	    SF_EIO);
	assert_null(m);
	assert_string_equal(sf_error_message(),
	    "cannot read m.yaml: No such file or directory");
}

/* the attendee reader that sanfen-minutes shares */
static void
test_attendees_read(void **state)
{
	static const char text[] = "a: [tf-drc, {unit: 宁波, person: 市长}]\n";
	struct sf_arena *a = sf_arena_new();
	struct sf_diags d = SF_DIAGS_INIT;
	struct sf_rd r = { .file = "x.yaml", .d = &d, .a = a };
	struct sf_attendee *v;
	struct sf_node *root;
	size_t n;

	sf_diags_init(&d);
	assert_int_equal(sf_yaml_load(a, "x.yaml", text, strlen(text),
	    &sf_yaml_meeting_limits, 0, &root), 0);
	v = sf_attendees_read(&r, sf_node_get(root, "a"), "a", units, &n);
	assert_int_equal(d.n, 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].unit, "tf-drc");
	assert_null(v[0].person);
	assert_string_equal(v[1].unit, "ningbo");
	assert_string_equal(v[1].person, "市长");
	v = sf_attendees_read(&r, NULL, "b", units, &n);
	assert_null(v);
	assert_int_equal(n, 0);
	sf_diags_clear(&d);
	sf_arena_free(a);
}

static void
test_status_order(void **state)
{
	int from, to;

	assert_int_equal(sf_enum_meeting_status.n, 6);
	for (from = -1; from <= 6; from++)
		for (to = -1; to <= 6; to++)
			if (sf_meeting_status_can(from, to) != (from >= 0 &&
			    to == from + 1 && to <= SF_MS_ISSUED))
				fail_msg("%d -> %d", from, to);
	assert_true(sf_meeting_status_can(SF_MS_DRAFT, SF_MS_PROPOSED));
	assert_true(sf_meeting_status_can(SF_MS_APPROVED, SF_MS_HELD));
	assert_true(sf_meeting_status_can(SF_MS_MINUTES_APPROVED,
	    SF_MS_ISSUED));
	assert_false(sf_meeting_status_can(SF_MS_DRAFT, SF_MS_APPROVED));
	assert_false(sf_meeting_status_can(SF_MS_APPROVED, SF_MS_DRAFT));
	assert_false(sf_meeting_status_can(SF_MS_ISSUED, SF_MS_ISSUED + 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_attendees_read),
		cmocka_unit_test(test_status_order),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
